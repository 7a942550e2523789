# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mmapctl_global_optspecs
    string join \n h/help V/version
end

function __fish_mmapctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mmapctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mmapctl_using_subcommand
    set -l cmd (__fish_mmapctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mmapctl -n "__fish_mmapctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -s V -l version -d 'Print version'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "dump" -d 'Print a region of a file: hexyl\'s layout, xxd\'s, plain hex (xxd -p), raw bytes or a C array'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "patch" -d 'Write bytes in place at an offset: hex, text or a file\'s bytes, optionally checked first'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "fill" -d 'Fill a region with one byte, a repeated pattern or seeded random bytes'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "lock" -d 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "residency" -d 'Report which pages of files are in the page cache; load or evict them'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "bench" -d 'Measure memory-mapped read/write throughput on a file or anonymous memory, beside pread/pwrite'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "find" -d 'Find bytes: hex with wildcards, text or a byte regex; print the offset of every hit'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "diff" -d 'Compare two files (or the same region of each) and print the differences as an edit script that `patch --script` applies; cmp\'s exit codes'
complete -c mmapctl -n "__fish_mmapctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s s -l offset -l skip -d 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000; 2block is 2 blocks of --block-size bytes' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s n -l length -l bytes -d 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l block-size -d 'Size of the `block` unit in -s, -n and -o, as hexyl\'s --block-size (1024, 4kB, 0x200)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s f -l format -d 'Output format' -r -f -a "hexyl\t'hexyl\'s layout: position, hex and character panels (text, about 7x the bytes shown: to extract the bytes themselves use -f raw or --output)'
plain\t'Contiguous lowercase hex, 30 bytes per line, like `xxd -p` (what `patch --hex` takes)'
xxd\t'xxd\'s default layout: offset, hex in groups, characters (--cols, -g, -u, -e, -o, and --color like vim\'s `xxd -R`)'
raw\t'The bytes themselves (extracting a region, like `dd skip= count=`)'
c\t'A C array, like `xxd -i`'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s c -d 'Depends on the format, as each tool\'s -c does: with -f xxd or -f plain, bytes per line (xxd\'s -c, the same as --cols); with the other formats, bytes to dump (hexyl\'s -c, the same as -n/--bytes)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l cols -d 'Bytes per line of -f xxd (1 to 256; 0: 16) and -f plain (0: all on one line), as xxd\'s -c [default: 16 for xxd, 30 for plain]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l output -d 'Write the region\'s bytes themselves (as --format raw) into FILE, created or replaced only once every byte is in (never half-written); no short form: -o is hexyl\'s and xxd\'s --display-offset. FILE may not be the input itself' -r -F
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l completion -d 'Print mmapctl\'s completion script for SHELL, and exit (as hexyl --completion; the same scripts are in the repository\'s completions/)' -r -f -a "bash\t''
elvish\t''
fish\t''
powershell\t''
zsh\t''"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l prot -d 'How to map the file' -r -f -a "ro\t'Read-only shared mapping'
copy\t'Private copy-on-write mapping'
exec\t'Read+execute mapping (fails on a noexec mount)'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Colour unless NO_COLOR is set'
never\t'Never colour'
force\t'Colour even when NO_COLOR is set'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s o -l display-offset -d 'Add N to the positions shown (same forms as --length)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l border -d 'Border style' -r -f -a "unicode\t'Draw a border with Unicode characters'
ascii\t'Draw a border with ASCII characters'
none\t'Do not draw a border at all'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l panels -d 'Number of 8-byte hex panels per line, or `auto` to fill the terminal width [default: 2, fewer when the terminal (80 columns if none) is too narrow]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s g -l group-size -l groupsize -d 'Bytes per group: 1, 2, 4 or 8 [default: 1]. With -f xxd, xxd\'s -g: any number, 0 or more than --cols for one group per line [default: 2, 4 with -e; a power of 2 with -e]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l endianness -d 'Byte order within a group' -r -f -a "little\t'Print out groups in little-endian format'
big\t'Print out groups in big-endian format'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l character-table -d 'How bytes are shown in the character panel' -r -f -a "default\t'Show printable ASCII characters as-is, \'⋄\' for NULL bytes, \' \' for space, \'_\' for other ASCII whitespace, \'•\' for other ASCII characters, and \'×\' for non-ASCII bytes'
ascii\t'Show printable ASCII as-is, \' \' for space, \'.\' for everything else'
codepage-1047\t'Show printable EBCDIC as-is, \' \' for space, \'.\' for everything else'
codepage-437\t'Uses code page 437 (for non-ASCII bytes)'
braille\t'Uses braille characters for non-printable bytes'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l color-scheme -d 'Colours of the character panel' -r -f -a "default\t'Show the default colors: bright black for NULL bytes, green for ASCII space characters and non-printable ASCII, cyan for printable ASCII characters, and yellow for non-ASCII bytes'
gradient\t'Show bright black for NULL bytes, cyan for printable ASCII characters, a gradient from pink to violet for non-printable ASCII characters and a heatmap-like gradient from red to yellow to white for non-ASCII bytes'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s b -l base -d 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l terminal-width -d 'Width to fit the panels to, instead of the terminal\'s' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s u -l upper -d 'Upper-case hex digits in -f xxd and -f plain (xxd\'s -u)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s i -l include -d 'Output in C include file style, as hexyl -i prints it (the array is named after the file\'s name without its directories; no declaration for standard input)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l print-color-table -d 'Print a table of how hexyl\'s colours mark each kind of byte, and exit'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s p -l plain -d 'Only the hex panels: --no-characters, --no-position, --border=none, --color=never'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s v -l no-squeezing -d 'Show every line; otherwise runs of identical lines become one `*` line'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s e -d 'Little-endian groups: --endianness=little (hexyl\'s and xxd\'s -e)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -l no-characters -d 'Hide the character panel'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s C -l characters -d 'Show the character panel (the default; undoes an earlier --no-characters)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s P -l no-position -d 'Hide the position panel'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand dump" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -s s -l offset -d 'Where the patch starts; negative counts back from the end of the file (-s -4). Same number forms as dump\'s --offset; need not be page-aligned. With --from-dump of plain hex: the offset of its first byte' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l hex -d 'The bytes to write, in hex: `de ad be ef`, `de:ad:be:ef`, `0xdeadbeef` (what `dump --format plain` prints), or `0xde, 0xad,` (what `dump --format c` prints)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l text -d 'The bytes to write, as UTF-8 text (no terminating NUL is added)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l from -d 'Write the bytes of this file or pipe; `-` reads standard input (undo a --backup with it)' -r -F
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l hex-from -d 'Like --hex, with the hex read from a file (`-`: standard input): for more than the argument limit allows. Takes what --hex takes, and the whole C array `dump -f c` prints' -r -F
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l script -d 'Apply an edit script (what `mmapctl diff` prints; `-`: standard input): every edit\'s old bytes, and the header\'s size and SHA-256, are checked before the first byte changes; any mismatch is exit 3 with nothing written. A script already applied is reported and exits 0' -r -F
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l find -d 'Find and replace: a hex pattern, with `??` for any byte and `?` or `.` for any nibble (`e8 ?? ?? 4? ..`). Exactly one hit is required unless --count, --all or --nth' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l find-text -d 'Find and replace: the UTF-8 bytes of STR' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l find-regex -d 'Find and replace: a byte regex (Unicode off; \\xff is the byte 0xff)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l replace -d 'The bytes that replace each hit, in hex, as long as the hit; `??` keeps the byte that is there' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l count -d 'Find and replace: exactly N hits are required (all are replaced)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l nth -d 'Find and replace: replace only the Kth hit (1-based)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l from-dump -d 'Write what a dump shows, at the offsets it prints: hexyl\'s layout (any border, panels, group size; squeezed `*` lines expanded), xxd\'s, or plain hex (`xxd -p`, `dump -f plain`, from -s). Every malformed line is an error naming it; only the bytes that differ from the file are written' -r -F
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l dump-format -d 'The layout of --from-dump' -r -f -a "auto\t'Decided by the first line: a box or a `│` is hexyl\'s, `OFFSET:` is xxd\'s, only hex digits is plain'
hexyl\t'hexyl\'s layout (also `mmapctl dump`\'s default)'
xxd\t'xxd\'s default layout'
plain\t'Plain hex (`xxd -p`, `dump -f plain`), from -s'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l dump-endianness -d 'Byte order inside the dump\'s groups (hexyl --endianness, xxd -e)' -r -f -a "little\t'Print out groups in little-endian format'
big\t'Print out groups in big-endian format'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l expect -d 'Write only if the bytes at OFFSET are these (as many bytes as HEX holds, which may differ from the patch\'s length); otherwise write nothing and exit 3' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l flush -d 'When the bytes must reach stable storage: `sync` returns once they have' -r -f -a "sync\t'Return once the bytes are on stable storage (msync(MS_SYNC), or one fdatasync for a region of several windows; plus fsync when the size changed)'
async\t'Start write-back and return without waiting (sync_file_range on Linux, where msync(MS_ASYNC) does nothing)'
none\t'Leave write-back to the kernel'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l backup -d 'Save the bytes about to be replaced to PATH first (durably), so `--from PATH` undoes the patch; with --script, --find or --from-dump, save an edit script that undoes the change (`patch --script PATH`)' -r -F
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l reverse -d 'With --script: apply the inverse (the new bytes are expected, the old ones written)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l unchecked -d 'With --script: accept edit lines without old bytes (`0xOFFSET NEW`), which check nothing before writing'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l strict -d 'With --script or --from-dump: a change that is already applied is exit 3, not 0'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l no-hash-check -d 'With --script: do not compare the file\'s SHA-256 with the header\'s (the edits\' old bytes are still checked)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l ignore-case -d 'With --find-text: ASCII letters match either case'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l all -d 'Find and replace: replace every hit, however many (at least one)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l recover -d 'Roll back an interrupted change of FILE from its undo journal, and do nothing else'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l journal -d 'Write an undo journal first, also for a patch within one page'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l no-journal -d 'Write no undo journal (a multi-page change may then be half applied by a kill or a power cut)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l dry-run -d 'Apply the patch to a private copy-on-write mapping and print the bytes before and after; the file is not changed. With --script, --find or --from-dump: print the edits (as an edit script, with the bytes found) and change nothing'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l grow -d 'Extend the file (sparse) when the region runs past its end (fill: give -n to say where the new end is)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l create -d 'Create FILE when it does not exist (implies --grow); an existing file is never truncated'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l json -d 'Print the summary as one JSON object on stdout instead of a line on stderr'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -l force -d 'Let --backup replace an existing PATH'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand patch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -s s -l offset -d 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -s n -l length -d 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -l byte -d 'Fill with this byte value (0-255, e.g. 0xff) [default: 0x00]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -l pattern -d 'Fill with these hex bytes, repeated from the start of the region' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -l seed -d 'Seed for --random: the same seed gives the same bytes' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -l flush -d 'When the bytes must reach stable storage: `sync` returns once they have' -r -f -a "sync\t'Return once the bytes are on stable storage (msync(MS_SYNC), or one fdatasync for a region of several windows; plus fsync when the size changed)'
async\t'Start write-back and return without waiting (sync_file_range on Linux, where msync(MS_ASYNC) does nothing)'
none\t'Leave write-back to the kernel'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -l random -d 'Fill with pseudo-random bytes (xoshiro256++; not for secrets). The seed is printed unless --seed gives it'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -l grow -d 'Extend the file (sparse) when the region runs past its end (fill: give -n to say where the new end is)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -l create -d 'Create FILE when it does not exist (implies --grow); an existing file is never truncated'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -l json -d 'Print the summary as one JSON object on stdout instead of a line on stderr'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand fill" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand lock" -s s -l offset -d 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand lock" -s n -l length -d 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand lock" -l for -d 'Hold for this long (500ms, 30s, 5m, 2h, 1.5s; a bare number is seconds, as for sleep and timeout: --for 10 is 10s) instead of until a signal; a signal still ends it early' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand lock" -l json -d 'Print JSON objects on stdout: one when everything is locked, one when released; stderr then has only warnings and errors (unless -v)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand lock" -s v -l verbose -d 'With --json, still print the human lines (what is locked, how long it is held) on stderr'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand lock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -s s -l offset -d 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -s n -l length -d 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -s r -l recursive -d 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -l touch -d 'Load the region into the page cache, then report'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -l evict -d 'Drop the region from the page cache, then report. Dirty pages (not yet written back: `sync` first), pages that processes have mapped or locked, and pages sharing a large folio with pages outside the region stay'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -l map -d 'Draw a line per file showing which parts are resident (O all, o some, space none), as wide as the terminal'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -l ranges -d 'List the resident byte ranges of each file, in vmtouch\'s -p syntax (START-END in bytes, END exclusive; page-aligned, the last cut at the file\'s end): a line per file under its row, or `resident_ranges` in --json'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -l missing -d 'With --ranges: list the ranges that are not resident instead (`missing_ranges` in --json)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -l json -d 'Print one JSON object on stdout instead of the table'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand residency" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l size -d 'Size of the temporary file or of the anonymous mapping (at least 1 byte)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -s s -l offset -d 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -s n -l length -d 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l mode -d 'What to measure [default: all; on a FILE without --copy or --destructive, read and randread]' -r -f -a "read\t'Read every byte in order (a sum of 8-byte words)'
write\t'Write every byte in order'
randread\t'Read --block sized blocks at random aligned offsets, as many as fill the region'
randwrite\t'Write --block sized blocks at random aligned offsets, as many as fill the region'
all\t'All four, in that order'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l block -d 'Size of one random read or write; random offsets are multiples of it' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l threads -d 'Threads sharing the work: read and write split the region, randread and randwrite the operations (randwrite gives each thread its own stripe of the region)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l runs -d 'Runs per mode; the median, minimum and maximum are reported' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l seed -d 'Seed of the random offsets (randread, randwrite); run N uses SEED + N' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l advise -d 'madvise hint given to the mapping in the map phase' -r -f -a "normal\t'No special treatment'
sequential\t'Expect sequential access: read ahead aggressively, drop behind'
random\t'Expect random access: no read-ahead'
willneed\t'Read the pages in soon'
hugepage\t'Back the mapping with transparent huge pages where possible'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l anon -d 'Measure anonymous memory instead of a file (mmap-go\'s ANON)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l populate -d 'Pre-fault the mapping (MADV_POPULATE_READ, or _WRITE for write modes) in the map phase, timed separately from the touch'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l cold -d 'Evict the file from the page cache before every run (posix_fadvise DONTNEED) instead of warming it'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l baseline -d 'Also do the same work with pread/pwrite (1 MiB requests for read and write, --block for the random modes) and print the ratio mmap/syscalls'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l copy -d 'Map the file privately (copy-on-write): write modes never reach the file'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l destructive -d 'Let write modes overwrite the region of FILE (its bytes are lost)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -l json -d 'Print one JSON document with every figure and the parameters instead of the table'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -l hex -d 'Hex bytes to find: `de ad ?? ef`, `dead??ef`, `de:ad:4?:?f`; `??` is any byte, `4?` or `?f` a free nibble (`.` works as `?`)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -l text -d 'Text to find: the bytes of the UTF-8 string (ASCII case ignored with -i)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s e -l regex -d 'A byte regex (the regex crate\'s syntax, Unicode off: `\\xff` is the byte 0xff, `.` any byte but \\n; `(?u)` turns Unicode on); -e is grep\'s name' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s s -l offset -d 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s n -l length -d 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s m -l max-count -d 'Stop searching a file after N hits' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s C -l context -d 'Show N bytes before and after each hit in hexyl\'s layout (the hit highlighted when colour is on)' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -l color -d 'When to colour the context (--context)' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is unset'
always\t'Colour unless NO_COLOR is set'
never\t'Never colour'
force\t'Colour even when NO_COLOR is set'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -l max-match-len -d 'The longest regex match looked for (at most 1GiB); a regex whose match could be longer is an error. Bounds the memory a regex search uses. Hex and text patterns have their own length' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s i -l ignore-case -d 'ASCII letters of --text and --regex patterns match either case'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -l decimal -d 'Print offsets in decimal instead of 0x hex'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s c -l count -d 'Print FILE:COUNT, the number of hits, for each file'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s l -l files-with-matches -d 'Print the name of each file with a hit (searching it stops at its first hit)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s q -l quiet -d 'Print nothing; exit 0 at the first hit (even after an error), else 1 (or 2)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -l json -d 'Print one JSON object per hit on stdout, then a summary object'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s r -l recursive -d 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -l overlapping -d 'Report every offset where a pattern matches, also inside an earlier hit'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand find" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -s s -l offset -d 'Start of the region compared in both files; negative counts back from the end of B. Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -s n -l length -d 'Length of the region compared (same forms as --offset) [default: to the end of B]' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -l merge -d 'Join two changes separated by fewer than N equal bytes into one run (the equal bytes become part of both sides); 0 or 1 join only touching changes; at most 65536' -r
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -s f -l format -d 'Output format' -r -f -a "script\t'The edit script: `0xOFFSET OLD => NEW` lines under a header (what `patch --script` reads)'
cmp\t'Exactly `cmp -l`: one line per differing byte, 1-based decimal offset, octal bytes'"
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -l stat -d 'Print a summary (runs, bytes changed, first and last difference) instead of the differences'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -s q -l quiet -d 'Print nothing: the exit code says whether the files differ (stops at the first difference)'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -l json -d 'Print one JSON object per run, then a summary object'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -l no-hash -d 'Leave out the `# sha256` line (JSON: null), and the hashing of both files that is most of the time a diff takes (SHA-256 runs at about 1 GB/s a core); the script then checks only the old bytes of each edit'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "dump" -d 'Print a region of a file: hexyl\'s layout, xxd\'s, plain hex (xxd -p), raw bytes or a C array'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "patch" -d 'Write bytes in place at an offset: hex, text or a file\'s bytes, optionally checked first'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "fill" -d 'Fill a region with one byte, a repeated pattern or seeded random bytes'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "lock" -d 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "residency" -d 'Report which pages of files are in the page cache; load or evict them'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "bench" -d 'Measure memory-mapped read/write throughput on a file or anonymous memory, beside pread/pwrite'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "find" -d 'Find bytes: hex with wildcards, text or a byte regex; print the offset of every hit'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "diff" -d 'Compare two files (or the same region of each) and print the differences as an edit script that `patch --script` applies; cmp\'s exit codes'
complete -c mmapctl -n "__fish_mmapctl_using_subcommand help; and not __fish_seen_subcommand_from dump patch fill lock residency bench find diff help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
