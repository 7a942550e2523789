//! Output of xxd 2022-01-14 (Debian 12), generated once with the command above each.

/// The bytes every fixture dumps.
pub(super) const DATA: &[u8] = b"Hello, world! dead beef 0123456789abcdef\n\x00\x01\xff";

/// `xxd`
pub(super) const DEFAULT: &str = "\
00000000: 4865 6c6c 6f2c 2077 6f72 6c64 2120 6465  Hello, world! de
00000010: 6164 2062 6565 6620 3031 3233 3435 3637  ad beef 01234567
00000020: 3839 6162 6364 6566 0a00 01ff            89abcdef....
";

/// `xxd -c 10 -g 4`
pub(super) const COLS10_GROUP4: &str = "\
00000000: 48656c6c 6f2c2077 6f72  Hello, wor
0000000a: 6c642120 64656164 2062  ld! dead b
00000014: 65656620 30313233 3435  eef 012345
0000001e: 36373839 61626364 6566  6789abcdef
00000028: 0a0001ff                ....
";

/// `xxd -c 10 -g 3`
pub(super) const COLS10_GROUP3: &str = "\
00000000: 48656c 6c6f2c 20776f 72  Hello, wor
0000000a: 6c6421 206465 616420 62  ld! dead b
00000014: 656566 203031 323334 35  eef 012345
0000001e: 363738 396162 636465 66  6789abcdef
00000028: 0a0001 ff                ....
";

/// `xxd -g 0`
pub(super) const GROUP0: &str = "\
00000000: 48656c6c6f2c20776f726c6421206465  Hello, world! de
00000010: 61642062656566203031323334353637  ad beef 01234567
00000020: 38396162636465660a0001ff          89abcdef....
";

/// `xxd -u -g 1`
pub(super) const UPPER_GROUP1: &str = "\
00000000: 48 65 6C 6C 6F 2C 20 77 6F 72 6C 64 21 20 64 65  Hello, world! de
00000010: 61 64 20 62 65 65 66 20 30 31 32 33 34 35 36 37  ad beef 01234567
00000020: 38 39 61 62 63 64 65 66 0A 00 01 FF              89abcdef....
";

/// `xxd -e`
pub(super) const LITTLE: &str = "\
00000000: 6c6c6548 77202c6f 646c726f 65642021  Hello, world! de
00000010: 62206461 20666565 33323130 37363534  ad beef 01234567
00000020: 62613938 66656463 ff01000a           89abcdef....
";

/// `xxd -e -c 8 -g 2`
pub(super) const LITTLE_COLS8_GROUP2: &str = "\
00000000: 6548 6c6c 2c6f 7720  Hello, w
00000008: 726f 646c 2021 6564  orld! de
00000010: 6461 6220 6565 2066  ad beef 
00000018: 3130 3332 3534 3736  01234567
00000020: 3938 6261 6463 6665  89abcdef
00000028: 000a ff01            ....
";

/// `xxd -c 7`
pub(super) const COLS7: &str = "\
00000000: 4865 6c6c 6f2c 20  Hello, 
00000007: 776f 726c 6421 20  world! 
0000000e: 6465 6164 2062 65  dead be
00000015: 6566 2030 3132 33  ef 0123
0000001c: 3435 3637 3839 61  456789a
00000023: 6263 6465 660a 00  bcdef..
0000002a: 01ff               ..
";

/// `xxd -c 32 -g 8`
pub(super) const COLS32_GROUP8: &str = "\
00000000: 48656c6c6f2c2077 6f726c6421206465 6164206265656620 3031323334353637  Hello, world! dead beef 01234567
00000020: 3839616263646566 0a0001ff                                            89abcdef....
";

/// `xxd -c 1 -l 3`
pub(super) const COLS1: &str = "\
00000000: 48  H
00000001: 65  e
00000002: 6c  l
";

/// `xxd -s 0x11 -l 20`
pub(super) const SEEK: &str = "\
00000011: 6420 6265 6566 2030 3132 3334 3536 3738  d beef 012345678
00000021: 3961 6263                                9abc
";

/// `xxd -u -o 0xabcdef12340 -l 20`
pub(super) const PAST_4GIB: &str = "\
abcdef12340: 4865 6C6C 6F2C 2077 6F72 6C64 2120 6465  Hello, world! de
abcdef12350: 6164 2062                                ad b
";

/// `xxd -l 5`
pub(super) const SHORT: &str = "\
00000000: 4865 6c6c 6f                             Hello
";

/// `xxd -a (100 zero bytes, then ab)`
pub(super) const SQUEEZED: &str = "\
00000000: 0000 0000 0000 0000 0000 0000 0000 0000  ................
*
00000060: 0000 0000 6162                           ....ab
";

/// `xxd -a (64 zero bytes)`
pub(super) const SQUEEZED_TO_END: &str = "\
00000000: 0000 0000 0000 0000 0000 0000 0000 0000  ................
*
00000030: 0000 0000 0000 0000 0000 0000 0000 0000  ................
";

/// `xxd (two spaces, then ab)`
pub(super) const LEADING_SPACES: &str = "\
00000000: 2020 6162                                  ab
";

/// `xxd -d -l 40`: decimal offsets.
pub(super) const DECIMAL: &str = "\
00000000: 4865 6c6c 6f2c 2077 6f72 6c64 2120 6465  Hello, world! de
00000016: 6164 2062 6565 6620 3031 3233 3435 3637  ad beef 01234567
00000032: 3839 6162 6364 6566                      89abcdef
";

/// `xxd -b -l 8`: binary digits.
pub(super) const BINARY: &str = "\
00000000: 01001000 01100101 01101100 01101100 01101111 00101100  Hello,
00000006: 00100000 01110111                                       w
";
