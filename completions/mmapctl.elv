
use builtin;
use str;

set edit:completion:arg-completer[mmapctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mmapctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mmapctl'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand dump 'Print a region of a file: hexyl''s layout, xxd''s, plain hex (xxd -p), raw bytes or a C array'
            cand patch 'Write bytes in place at an offset: hex, text or a file''s bytes, optionally checked first'
            cand fill 'Fill a region with one byte, a repeated pattern or seeded random bytes'
            cand lock 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold'
            cand residency 'Report which pages of files are in the page cache; load or evict them'
            cand bench 'Measure memory-mapped read/write throughput on a file or anonymous memory, beside pread/pwrite'
            cand find 'Find bytes: hex with wildcards, text or a byte regex; print the offset of every hit'
            cand diff 'Compare two files (or the same region of each) and print the differences as an edit script that `patch --script` applies; cmp''s exit codes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mmapctl;dump'= {
            cand -s 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000; 2block is 2 blocks of --block-size bytes'
            cand --offset 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000; 2block is 2 blocks of --block-size bytes'
            cand --skip 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000; 2block is 2 blocks of --block-size bytes'
            cand -n 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --length 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --bytes 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --block-size 'Size of the `block` unit in -s, -n and -o, as hexyl''s --block-size (1024, 4kB, 0x200)'
            cand -f 'Output format'
            cand --format 'Output format'
            cand -c 'Depends on the format, as each tool''s -c does: with -f xxd or -f plain, bytes per line (xxd''s -c, the same as --cols); with the other formats, bytes to dump (hexyl''s -c, the same as -n/--bytes)'
            cand --cols 'Bytes per line of -f xxd (1 to 256; 0: 16) and -f plain (0: all on one line), as xxd''s -c [default: 16 for xxd, 30 for plain]'
            cand --output 'Write the region''s bytes themselves (as --format raw) into FILE, created or replaced only once every byte is in (never half-written); no short form: -o is hexyl''s and xxd''s --display-offset. FILE may not be the input itself'
            cand --completion 'Print mmapctl''s completion script for SHELL, and exit (as hexyl --completion; the same scripts are in the repository''s completions/)'
            cand --prot 'How to map the file'
            cand --color 'When to use colours'
            cand -o 'Add N to the positions shown (same forms as --length)'
            cand --display-offset 'Add N to the positions shown (same forms as --length)'
            cand --border 'Border style'
            cand --panels 'Number of 8-byte hex panels per line, or `auto` to fill the terminal width [default: 2, fewer when the terminal (80 columns if none) is too narrow]'
            cand -g 'Bytes per group: 1, 2, 4 or 8 [default: 1]. With -f xxd, xxd''s -g: any number, 0 or more than --cols for one group per line [default: 2, 4 with -e; a power of 2 with -e]'
            cand --group-size 'Bytes per group: 1, 2, 4 or 8 [default: 1]. With -f xxd, xxd''s -g: any number, 0 or more than --cols for one group per line [default: 2, 4 with -e; a power of 2 with -e]'
            cand --groupsize 'Bytes per group: 1, 2, 4 or 8 [default: 1]. With -f xxd, xxd''s -g: any number, 0 or more than --cols for one group per line [default: 2, 4 with -e; a power of 2 with -e]'
            cand --endianness 'Byte order within a group'
            cand --character-table 'How bytes are shown in the character panel'
            cand --color-scheme 'Colours of the character panel'
            cand -b 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)'
            cand --base 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)'
            cand --terminal-width 'Width to fit the panels to, instead of the terminal''s'
            cand -u 'Upper-case hex digits in -f xxd and -f plain (xxd''s -u)'
            cand --upper 'Upper-case hex digits in -f xxd and -f plain (xxd''s -u)'
            cand -i 'Output in C include file style, as hexyl -i prints it (the array is named after the file''s name without its directories; no declaration for standard input)'
            cand --include 'Output in C include file style, as hexyl -i prints it (the array is named after the file''s name without its directories; no declaration for standard input)'
            cand --print-color-table 'Print a table of how hexyl''s colours mark each kind of byte, and exit'
            cand -p 'Only the hex panels: --no-characters, --no-position, --border=none, --color=never'
            cand --plain 'Only the hex panels: --no-characters, --no-position, --border=none, --color=never'
            cand -v 'Show every line; otherwise runs of identical lines become one `*` line'
            cand --no-squeezing 'Show every line; otherwise runs of identical lines become one `*` line'
            cand -e 'Little-endian groups: --endianness=little (hexyl''s and xxd''s -e)'
            cand --no-characters 'Hide the character panel'
            cand -C 'Show the character panel (the default; undoes an earlier --no-characters)'
            cand --characters 'Show the character panel (the default; undoes an earlier --no-characters)'
            cand -P 'Hide the position panel'
            cand --no-position 'Hide the position panel'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;patch'= {
            cand -s 'Where the patch starts; negative counts back from the end of the file (-s -4). Same number forms as dump''s --offset; need not be page-aligned. With --from-dump of plain hex: the offset of its first byte'
            cand --offset 'Where the patch starts; negative counts back from the end of the file (-s -4). Same number forms as dump''s --offset; need not be page-aligned. With --from-dump of plain hex: the offset of its first byte'
            cand --hex 'The bytes to write, in hex: `de ad be ef`, `de:ad:be:ef`, `0xdeadbeef` (what `dump --format plain` prints), or `0xde, 0xad,` (what `dump --format c` prints)'
            cand --text 'The bytes to write, as UTF-8 text (no terminating NUL is added)'
            cand --from 'Write the bytes of this file or pipe; `-` reads standard input (undo a --backup with it)'
            cand --hex-from 'Like --hex, with the hex read from a file (`-`: standard input): for more than the argument limit allows. Takes what --hex takes, and the whole C array `dump -f c` prints'
            cand --script 'Apply an edit script (what `mmapctl diff` prints; `-`: standard input): every edit''s old bytes, and the header''s size and SHA-256, are checked before the first byte changes; any mismatch is exit 3 with nothing written. A script already applied is reported and exits 0'
            cand --find 'Find and replace: a hex pattern, with `??` for any byte and `?` or `.` for any nibble (`e8 ?? ?? 4? ..`). Exactly one hit is required unless --count, --all or --nth'
            cand --find-text 'Find and replace: the UTF-8 bytes of STR'
            cand --find-regex 'Find and replace: a byte regex (Unicode off; \xff is the byte 0xff)'
            cand --replace 'The bytes that replace each hit, in hex, as long as the hit; `??` keeps the byte that is there'
            cand --count 'Find and replace: exactly N hits are required (all are replaced)'
            cand --nth 'Find and replace: replace only the Kth hit (1-based)'
            cand --from-dump 'Write what a dump shows, at the offsets it prints: hexyl''s layout (any border, panels, group size; squeezed `*` lines expanded), xxd''s, or plain hex (`xxd -p`, `dump -f plain`, from -s). Every malformed line is an error naming it; only the bytes that differ from the file are written'
            cand --dump-format 'The layout of --from-dump'
            cand --dump-endianness 'Byte order inside the dump''s groups (hexyl --endianness, xxd -e)'
            cand --expect 'Write only if the bytes at OFFSET are these (as many bytes as HEX holds, which may differ from the patch''s length); otherwise write nothing and exit 3'
            cand --flush 'When the bytes must reach stable storage: `sync` returns once they have'
            cand --backup 'Save the bytes about to be replaced to PATH first (durably), so `--from PATH` undoes the patch; with --script, --find or --from-dump, save an edit script that undoes the change (`patch --script PATH`)'
            cand --reverse 'With --script: apply the inverse (the new bytes are expected, the old ones written)'
            cand --unchecked 'With --script: accept edit lines without old bytes (`0xOFFSET NEW`), which check nothing before writing'
            cand --strict 'With --script or --from-dump: a change that is already applied is exit 3, not 0'
            cand --no-hash-check 'With --script: do not compare the file''s SHA-256 with the header''s (the edits'' old bytes are still checked)'
            cand --ignore-case 'With --find-text: ASCII letters match either case'
            cand --all 'Find and replace: replace every hit, however many (at least one)'
            cand --recover 'Roll back an interrupted change of FILE from its undo journal, and do nothing else'
            cand --journal 'Write an undo journal first, also for a patch within one page'
            cand --no-journal 'Write no undo journal (a multi-page change may then be half applied by a kill or a power cut)'
            cand --dry-run 'Apply the patch to a private copy-on-write mapping and print the bytes before and after; the file is not changed. With --script, --find or --from-dump: print the edits (as an edit script, with the bytes found) and change nothing'
            cand --grow 'Extend the file (sparse) when the region runs past its end (fill: give -n to say where the new end is)'
            cand --create 'Create FILE when it does not exist (implies --grow); an existing file is never truncated'
            cand --json 'Print the summary as one JSON object on stdout instead of a line on stderr'
            cand --force 'Let --backup replace an existing PATH'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;fill'= {
            cand -s 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand --offset 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand -n 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --length 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --byte 'Fill with this byte value (0-255, e.g. 0xff) [default: 0x00]'
            cand --pattern 'Fill with these hex bytes, repeated from the start of the region'
            cand --seed 'Seed for --random: the same seed gives the same bytes'
            cand --flush 'When the bytes must reach stable storage: `sync` returns once they have'
            cand --random 'Fill with pseudo-random bytes (xoshiro256++; not for secrets). The seed is printed unless --seed gives it'
            cand --grow 'Extend the file (sparse) when the region runs past its end (fill: give -n to say where the new end is)'
            cand --create 'Create FILE when it does not exist (implies --grow); an existing file is never truncated'
            cand --json 'Print the summary as one JSON object on stdout instead of a line on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;lock'= {
            cand -s 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand --offset 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand -n 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --length 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --for 'Hold for this long (500ms, 30s, 5m, 2h, 1.5s; a bare number is seconds, as for sleep and timeout: --for 10 is 10s) instead of until a signal; a signal still ends it early'
            cand --json 'Print JSON objects on stdout: one when everything is locked, one when released; stderr then has only warnings and errors (unless -v)'
            cand -v 'With --json, still print the human lines (what is locked, how long it is held) on stderr'
            cand --verbose 'With --json, still print the human lines (what is locked, how long it is held) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;residency'= {
            cand -s 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand --offset 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand -n 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --length 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand -r 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr'
            cand --recursive 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr'
            cand --touch 'Load the region into the page cache, then report'
            cand --evict 'Drop the region from the page cache, then report. Dirty pages (not yet written back: `sync` first), pages that processes have mapped or locked, and pages sharing a large folio with pages outside the region stay'
            cand --map 'Draw a line per file showing which parts are resident (O all, o some, space none), as wide as the terminal'
            cand --ranges 'List the resident byte ranges of each file, in vmtouch''s -p syntax (START-END in bytes, END exclusive; page-aligned, the last cut at the file''s end): a line per file under its row, or `resident_ranges` in --json'
            cand --missing 'With --ranges: list the ranges that are not resident instead (`missing_ranges` in --json)'
            cand --json 'Print one JSON object on stdout instead of the table'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;bench'= {
            cand --size 'Size of the temporary file or of the anonymous mapping (at least 1 byte)'
            cand -s 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand --offset 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand -n 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --length 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --mode 'What to measure [default: all; on a FILE without --copy or --destructive, read and randread]'
            cand --block 'Size of one random read or write; random offsets are multiples of it'
            cand --threads 'Threads sharing the work: read and write split the region, randread and randwrite the operations (randwrite gives each thread its own stripe of the region)'
            cand --runs 'Runs per mode; the median, minimum and maximum are reported'
            cand --seed 'Seed of the random offsets (randread, randwrite); run N uses SEED + N'
            cand --advise 'madvise hint given to the mapping in the map phase'
            cand --anon 'Measure anonymous memory instead of a file (mmap-go''s ANON)'
            cand --populate 'Pre-fault the mapping (MADV_POPULATE_READ, or _WRITE for write modes) in the map phase, timed separately from the touch'
            cand --cold 'Evict the file from the page cache before every run (posix_fadvise DONTNEED) instead of warming it'
            cand --baseline 'Also do the same work with pread/pwrite (1 MiB requests for read and write, --block for the random modes) and print the ratio mmap/syscalls'
            cand --copy 'Map the file privately (copy-on-write): write modes never reach the file'
            cand --destructive 'Let write modes overwrite the region of FILE (its bytes are lost)'
            cand --json 'Print one JSON document with every figure and the parameters instead of the table'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;find'= {
            cand --hex 'Hex bytes to find: `de ad ?? ef`, `dead??ef`, `de:ad:4?:?f`; `??` is any byte, `4?` or `?f` a free nibble (`.` works as `?`)'
            cand --text 'Text to find: the bytes of the UTF-8 string (ASCII case ignored with -i)'
            cand -e 'A byte regex (the regex crate''s syntax, Unicode off: `\xff` is the byte 0xff, `.` any byte but \n; `(?u)` turns Unicode on); -e is grep''s name'
            cand --regex 'A byte regex (the regex crate''s syntax, Unicode off: `\xff` is the byte 0xff, `.` any byte but \n; `(?u)` turns Unicode on); -e is grep''s name'
            cand -s 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand --offset 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand -n 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --length 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand -m 'Stop searching a file after N hits'
            cand --max-count 'Stop searching a file after N hits'
            cand -C 'Show N bytes before and after each hit in hexyl''s layout (the hit highlighted when colour is on)'
            cand --context 'Show N bytes before and after each hit in hexyl''s layout (the hit highlighted when colour is on)'
            cand --color 'When to colour the context (--context)'
            cand --max-match-len 'The longest regex match looked for (at most 1GiB); a regex whose match could be longer is an error. Bounds the memory a regex search uses. Hex and text patterns have their own length'
            cand -i 'ASCII letters of --text and --regex patterns match either case'
            cand --ignore-case 'ASCII letters of --text and --regex patterns match either case'
            cand --decimal 'Print offsets in decimal instead of 0x hex'
            cand -c 'Print FILE:COUNT, the number of hits, for each file'
            cand --count 'Print FILE:COUNT, the number of hits, for each file'
            cand -l 'Print the name of each file with a hit (searching it stops at its first hit)'
            cand --files-with-matches 'Print the name of each file with a hit (searching it stops at its first hit)'
            cand -q 'Print nothing; exit 0 at the first hit (even after an error), else 1 (or 2)'
            cand --quiet 'Print nothing; exit 0 at the first hit (even after an error), else 1 (or 2)'
            cand --json 'Print one JSON object per hit on stdout, then a summary object'
            cand -r 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr'
            cand --recursive 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr'
            cand --overlapping 'Report every offset where a pattern matches, also inside an earlier hit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;diff'= {
            cand -s 'Start of the region compared in both files; negative counts back from the end of B. Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand --offset 'Start of the region compared in both files; negative counts back from the end of B. Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand -n 'Length of the region compared (same forms as --offset) [default: to the end of B]'
            cand --length 'Length of the region compared (same forms as --offset) [default: to the end of B]'
            cand --merge 'Join two changes separated by fewer than N equal bytes into one run (the equal bytes become part of both sides); 0 or 1 join only touching changes; at most 65536'
            cand -f 'Output format'
            cand --format 'Output format'
            cand --stat 'Print a summary (runs, bytes changed, first and last difference) instead of the differences'
            cand -q 'Print nothing: the exit code says whether the files differ (stops at the first difference)'
            cand --quiet 'Print nothing: the exit code says whether the files differ (stops at the first difference)'
            cand --json 'Print one JSON object per run, then a summary object'
            cand --no-hash 'Leave out the `# sha256` line (JSON: null), and the hashing of both files that is most of the time a diff takes (SHA-256 runs at about 1 GB/s a core); the script then checks only the old bytes of each edit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;help'= {
            cand dump 'Print a region of a file: hexyl''s layout, xxd''s, plain hex (xxd -p), raw bytes or a C array'
            cand patch 'Write bytes in place at an offset: hex, text or a file''s bytes, optionally checked first'
            cand fill 'Fill a region with one byte, a repeated pattern or seeded random bytes'
            cand lock 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold'
            cand residency 'Report which pages of files are in the page cache; load or evict them'
            cand bench 'Measure memory-mapped read/write throughput on a file or anonymous memory, beside pread/pwrite'
            cand find 'Find bytes: hex with wildcards, text or a byte regex; print the offset of every hit'
            cand diff 'Compare two files (or the same region of each) and print the differences as an edit script that `patch --script` applies; cmp''s exit codes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mmapctl;help;dump'= {
        }
        &'mmapctl;help;patch'= {
        }
        &'mmapctl;help;fill'= {
        }
        &'mmapctl;help;lock'= {
        }
        &'mmapctl;help;residency'= {
        }
        &'mmapctl;help;bench'= {
        }
        &'mmapctl;help;find'= {
        }
        &'mmapctl;help;diff'= {
        }
        &'mmapctl;help;help'= {
        }
    ]
    $completions[$command]
}
