
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'mmapctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'mmapctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'mmapctl' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Print a region of a file: hexyl''s layout, xxd''s, plain hex (xxd -p), raw bytes or a C array')
            [CompletionResult]::new('patch', 'patch', [CompletionResultType]::ParameterValue, 'Write bytes in place at an offset: hex, text or a file''s bytes, optionally checked first')
            [CompletionResult]::new('fill', 'fill', [CompletionResultType]::ParameterValue, 'Fill a region with one byte, a repeated pattern or seeded random bytes')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold')
            [CompletionResult]::new('residency', 'residency', [CompletionResultType]::ParameterValue, 'Report which pages of files are in the page cache; load or evict them')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure memory-mapped read/write throughput on a file or anonymous memory, beside pread/pwrite')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find bytes: hex with wildcards, text or a byte regex; print the offset of every hit')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two files (or the same region of each) and print the differences as an edit script that `patch --script` applies; cmp''s exit codes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mmapctl;dump' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000; 2block is 2 blocks of --block-size bytes')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000; 2block is 2 blocks of --block-size bytes')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000; 2block is 2 blocks of --block-size bytes')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--bytes', '--bytes', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--block-size', '--block-size', [CompletionResultType]::ParameterName, 'Size of the `block` unit in -s, -n and -o, as hexyl''s --block-size (1024, 4kB, 0x200)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Depends on the format, as each tool''s -c does: with -f xxd or -f plain, bytes per line (xxd''s -c, the same as --cols); with the other formats, bytes to dump (hexyl''s -c, the same as -n/--bytes)')
            [CompletionResult]::new('--cols', '--cols', [CompletionResultType]::ParameterName, 'Bytes per line of -f xxd (1 to 256; 0: 16) and -f plain (0: all on one line), as xxd''s -c [default: 16 for xxd, 30 for plain]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the region''s bytes themselves (as --format raw) into FILE, created or replaced only once every byte is in (never half-written); no short form: -o is hexyl''s and xxd''s --display-offset. FILE may not be the input itself')
            [CompletionResult]::new('--completion', '--completion', [CompletionResultType]::ParameterName, 'Print mmapctl''s completion script for SHELL, and exit (as hexyl --completion; the same scripts are in the repository''s completions/)')
            [CompletionResult]::new('--prot', '--prot', [CompletionResultType]::ParameterName, 'How to map the file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Add N to the positions shown (same forms as --length)')
            [CompletionResult]::new('--display-offset', '--display-offset', [CompletionResultType]::ParameterName, 'Add N to the positions shown (same forms as --length)')
            [CompletionResult]::new('--border', '--border', [CompletionResultType]::ParameterName, 'Border style')
            [CompletionResult]::new('--panels', '--panels', [CompletionResultType]::ParameterName, 'Number of 8-byte hex panels per line, or `auto` to fill the terminal width [default: 2, fewer when the terminal (80 columns if none) is too narrow]')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Bytes per group: 1, 2, 4 or 8 [default: 1]. With -f xxd, xxd''s -g: any number, 0 or more than --cols for one group per line [default: 2, 4 with -e; a power of 2 with -e]')
            [CompletionResult]::new('--group-size', '--group-size', [CompletionResultType]::ParameterName, 'Bytes per group: 1, 2, 4 or 8 [default: 1]. With -f xxd, xxd''s -g: any number, 0 or more than --cols for one group per line [default: 2, 4 with -e; a power of 2 with -e]')
            [CompletionResult]::new('--groupsize', '--groupsize', [CompletionResultType]::ParameterName, 'Bytes per group: 1, 2, 4 or 8 [default: 1]. With -f xxd, xxd''s -g: any number, 0 or more than --cols for one group per line [default: 2, 4 with -e; a power of 2 with -e]')
            [CompletionResult]::new('--endianness', '--endianness', [CompletionResultType]::ParameterName, 'Byte order within a group')
            [CompletionResult]::new('--character-table', '--character-table', [CompletionResultType]::ParameterName, 'How bytes are shown in the character panel')
            [CompletionResult]::new('--color-scheme', '--color-scheme', [CompletionResultType]::ParameterName, 'Colours of the character panel')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)')
            [CompletionResult]::new('--terminal-width', '--terminal-width', [CompletionResultType]::ParameterName, 'Width to fit the panels to, instead of the terminal''s')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Upper-case hex digits in -f xxd and -f plain (xxd''s -u)')
            [CompletionResult]::new('--upper', '--upper', [CompletionResultType]::ParameterName, 'Upper-case hex digits in -f xxd and -f plain (xxd''s -u)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Output in C include file style, as hexyl -i prints it (the array is named after the file''s name without its directories; no declaration for standard input)')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Output in C include file style, as hexyl -i prints it (the array is named after the file''s name without its directories; no declaration for standard input)')
            [CompletionResult]::new('--print-color-table', '--print-color-table', [CompletionResultType]::ParameterName, 'Print a table of how hexyl''s colours mark each kind of byte, and exit')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only the hex panels: --no-characters, --no-position, --border=none, --color=never')
            [CompletionResult]::new('--plain', '--plain', [CompletionResultType]::ParameterName, 'Only the hex panels: --no-characters, --no-position, --border=none, --color=never')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show every line; otherwise runs of identical lines become one `*` line')
            [CompletionResult]::new('--no-squeezing', '--no-squeezing', [CompletionResultType]::ParameterName, 'Show every line; otherwise runs of identical lines become one `*` line')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Little-endian groups: --endianness=little (hexyl''s and xxd''s -e)')
            [CompletionResult]::new('--no-characters', '--no-characters', [CompletionResultType]::ParameterName, 'Hide the character panel')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Show the character panel (the default; undoes an earlier --no-characters)')
            [CompletionResult]::new('--characters', '--characters', [CompletionResultType]::ParameterName, 'Show the character panel (the default; undoes an earlier --no-characters)')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Hide the position panel')
            [CompletionResult]::new('--no-position', '--no-position', [CompletionResultType]::ParameterName, 'Hide the position panel')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;patch' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Where the patch starts; negative counts back from the end of the file (-s -4). Same number forms as dump''s --offset; need not be page-aligned. With --from-dump of plain hex: the offset of its first byte')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Where the patch starts; negative counts back from the end of the file (-s -4). Same number forms as dump''s --offset; need not be page-aligned. With --from-dump of plain hex: the offset of its first byte')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'The bytes to write, in hex: `de ad be ef`, `de:ad:be:ef`, `0xdeadbeef` (what `dump --format plain` prints), or `0xde, 0xad,` (what `dump --format c` prints)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'The bytes to write, as UTF-8 text (no terminating NUL is added)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Write the bytes of this file or pipe; `-` reads standard input (undo a --backup with it)')
            [CompletionResult]::new('--hex-from', '--hex-from', [CompletionResultType]::ParameterName, 'Like --hex, with the hex read from a file (`-`: standard input): for more than the argument limit allows. Takes what --hex takes, and the whole C array `dump -f c` prints')
            [CompletionResult]::new('--script', '--script', [CompletionResultType]::ParameterName, 'Apply an edit script (what `mmapctl diff` prints; `-`: standard input): every edit''s old bytes, and the header''s size and SHA-256, are checked before the first byte changes; any mismatch is exit 3 with nothing written. A script already applied is reported and exits 0')
            [CompletionResult]::new('--find', '--find', [CompletionResultType]::ParameterName, 'Find and replace: a hex pattern, with `??` for any byte and `?` or `.` for any nibble (`e8 ?? ?? 4? ..`). Exactly one hit is required unless --count, --all or --nth')
            [CompletionResult]::new('--find-text', '--find-text', [CompletionResultType]::ParameterName, 'Find and replace: the UTF-8 bytes of STR')
            [CompletionResult]::new('--find-regex', '--find-regex', [CompletionResultType]::ParameterName, 'Find and replace: a byte regex (Unicode off; \xff is the byte 0xff)')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'The bytes that replace each hit, in hex, as long as the hit; `??` keeps the byte that is there')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Find and replace: exactly N hits are required (all are replaced)')
            [CompletionResult]::new('--nth', '--nth', [CompletionResultType]::ParameterName, 'Find and replace: replace only the Kth hit (1-based)')
            [CompletionResult]::new('--from-dump', '--from-dump', [CompletionResultType]::ParameterName, 'Write what a dump shows, at the offsets it prints: hexyl''s layout (any border, panels, group size; squeezed `*` lines expanded), xxd''s, or plain hex (`xxd -p`, `dump -f plain`, from -s). Every malformed line is an error naming it; only the bytes that differ from the file are written')
            [CompletionResult]::new('--dump-format', '--dump-format', [CompletionResultType]::ParameterName, 'The layout of --from-dump')
            [CompletionResult]::new('--dump-endianness', '--dump-endianness', [CompletionResultType]::ParameterName, 'Byte order inside the dump''s groups (hexyl --endianness, xxd -e)')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Write only if the bytes at OFFSET are these (as many bytes as HEX holds, which may differ from the patch''s length); otherwise write nothing and exit 3')
            [CompletionResult]::new('--flush', '--flush', [CompletionResultType]::ParameterName, 'When the bytes must reach stable storage: `sync` returns once they have')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Save the bytes about to be replaced to PATH first (durably), so `--from PATH` undoes the patch; with --script, --find or --from-dump, save an edit script that undoes the change (`patch --script PATH`)')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'With --script: apply the inverse (the new bytes are expected, the old ones written)')
            [CompletionResult]::new('--unchecked', '--unchecked', [CompletionResultType]::ParameterName, 'With --script: accept edit lines without old bytes (`0xOFFSET NEW`), which check nothing before writing')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'With --script or --from-dump: a change that is already applied is exit 3, not 0')
            [CompletionResult]::new('--no-hash-check', '--no-hash-check', [CompletionResultType]::ParameterName, 'With --script: do not compare the file''s SHA-256 with the header''s (the edits'' old bytes are still checked)')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'With --find-text: ASCII letters match either case')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Find and replace: replace every hit, however many (at least one)')
            [CompletionResult]::new('--recover', '--recover', [CompletionResultType]::ParameterName, 'Roll back an interrupted change of FILE from its undo journal, and do nothing else')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Write an undo journal first, also for a patch within one page')
            [CompletionResult]::new('--no-journal', '--no-journal', [CompletionResultType]::ParameterName, 'Write no undo journal (a multi-page change may then be half applied by a kill or a power cut)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Apply the patch to a private copy-on-write mapping and print the bytes before and after; the file is not changed. With --script, --find or --from-dump: print the edits (as an edit script, with the bytes found) and change nothing')
            [CompletionResult]::new('--grow', '--grow', [CompletionResultType]::ParameterName, 'Extend the file (sparse) when the region runs past its end (fill: give -n to say where the new end is)')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create FILE when it does not exist (implies --grow); an existing file is never truncated')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the summary as one JSON object on stdout instead of a line on stderr')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Let --backup replace an existing PATH')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;fill' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--byte', '--byte', [CompletionResultType]::ParameterName, 'Fill with this byte value (0-255, e.g. 0xff) [default: 0x00]')
            [CompletionResult]::new('--pattern', '--pattern', [CompletionResultType]::ParameterName, 'Fill with these hex bytes, repeated from the start of the region')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for --random: the same seed gives the same bytes')
            [CompletionResult]::new('--flush', '--flush', [CompletionResultType]::ParameterName, 'When the bytes must reach stable storage: `sync` returns once they have')
            [CompletionResult]::new('--random', '--random', [CompletionResultType]::ParameterName, 'Fill with pseudo-random bytes (xoshiro256++; not for secrets). The seed is printed unless --seed gives it')
            [CompletionResult]::new('--grow', '--grow', [CompletionResultType]::ParameterName, 'Extend the file (sparse) when the region runs past its end (fill: give -n to say where the new end is)')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create FILE when it does not exist (implies --grow); an existing file is never truncated')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the summary as one JSON object on stdout instead of a line on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;lock' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Hold for this long (500ms, 30s, 5m, 2h, 1.5s; a bare number is seconds, as for sleep and timeout: --for 10 is 10s) instead of until a signal; a signal still ends it early')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON objects on stdout: one when everything is locked, one when released; stderr then has only warnings and errors (unless -v)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'With --json, still print the human lines (what is locked, how long it is held) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'With --json, still print the human lines (what is locked, how long it is held) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;residency' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr')
            [CompletionResult]::new('--touch', '--touch', [CompletionResultType]::ParameterName, 'Load the region into the page cache, then report')
            [CompletionResult]::new('--evict', '--evict', [CompletionResultType]::ParameterName, 'Drop the region from the page cache, then report. Dirty pages (not yet written back: `sync` first), pages that processes have mapped or locked, and pages sharing a large folio with pages outside the region stay')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Draw a line per file showing which parts are resident (O all, o some, space none), as wide as the terminal')
            [CompletionResult]::new('--ranges', '--ranges', [CompletionResultType]::ParameterName, 'List the resident byte ranges of each file, in vmtouch''s -p syntax (START-END in bytes, END exclusive; page-aligned, the last cut at the file''s end): a line per file under its row, or `resident_ranges` in --json')
            [CompletionResult]::new('--missing', '--missing', [CompletionResultType]::ParameterName, 'With --ranges: list the ranges that are not resident instead (`missing_ranges` in --json)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of the table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;bench' {
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Size of the temporary file or of the anonymous mapping (at least 1 byte)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'What to measure [default: all; on a FILE without --copy or --destructive, read and randread]')
            [CompletionResult]::new('--block', '--block', [CompletionResultType]::ParameterName, 'Size of one random read or write; random offsets are multiples of it')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Threads sharing the work: read and write split the region, randread and randwrite the operations (randwrite gives each thread its own stripe of the region)')
            [CompletionResult]::new('--runs', '--runs', [CompletionResultType]::ParameterName, 'Runs per mode; the median, minimum and maximum are reported')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the random offsets (randread, randwrite); run N uses SEED + N')
            [CompletionResult]::new('--advise', '--advise', [CompletionResultType]::ParameterName, 'madvise hint given to the mapping in the map phase')
            [CompletionResult]::new('--anon', '--anon', [CompletionResultType]::ParameterName, 'Measure anonymous memory instead of a file (mmap-go''s ANON)')
            [CompletionResult]::new('--populate', '--populate', [CompletionResultType]::ParameterName, 'Pre-fault the mapping (MADV_POPULATE_READ, or _WRITE for write modes) in the map phase, timed separately from the touch')
            [CompletionResult]::new('--cold', '--cold', [CompletionResultType]::ParameterName, 'Evict the file from the page cache before every run (posix_fadvise DONTNEED) instead of warming it')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Also do the same work with pread/pwrite (1 MiB requests for read and write, --block for the random modes) and print the ratio mmap/syscalls')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Map the file privately (copy-on-write): write modes never reach the file')
            [CompletionResult]::new('--destructive', '--destructive', [CompletionResultType]::ParameterName, 'Let write modes overwrite the region of FILE (its bytes are lost)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document with every figure and the parameters instead of the table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;find' {
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Hex bytes to find: `de ad ?? ef`, `dead??ef`, `de:ad:4?:?f`; `??` is any byte, `4?` or `?f` a free nibble (`.` works as `?`)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Text to find: the bytes of the UTF-8 string (ASCII case ignored with -i)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'A byte regex (the regex crate''s syntax, Unicode off: `\xff` is the byte 0xff, `.` any byte but \n; `(?u)` turns Unicode on); -e is grep''s name')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'A byte regex (the regex crate''s syntax, Unicode off: `\xff` is the byte 0xff, `.` any byte but \n; `(?u)` turns Unicode on); -e is grep''s name')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Stop searching a file after N hits')
            [CompletionResult]::new('--max-count', '--max-count', [CompletionResultType]::ParameterName, 'Stop searching a file after N hits')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Show N bytes before and after each hit in hexyl''s layout (the hit highlighted when colour is on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Show N bytes before and after each hit in hexyl''s layout (the hit highlighted when colour is on)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the context (--context)')
            [CompletionResult]::new('--max-match-len', '--max-match-len', [CompletionResultType]::ParameterName, 'The longest regex match looked for (at most 1GiB); a regex whose match could be longer is an error. Bounds the memory a regex search uses. Hex and text patterns have their own length')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'ASCII letters of --text and --regex patterns match either case')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'ASCII letters of --text and --regex patterns match either case')
            [CompletionResult]::new('--decimal', '--decimal', [CompletionResultType]::ParameterName, 'Print offsets in decimal instead of 0x hex')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Print FILE:COUNT, the number of hits, for each file')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print FILE:COUNT, the number of hits, for each file')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Print the name of each file with a hit (searching it stops at its first hit)')
            [CompletionResult]::new('--files-with-matches', '--files-with-matches', [CompletionResultType]::ParameterName, 'Print the name of each file with a hit (searching it stops at its first hit)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; exit 0 at the first hit (even after an error), else 1 (or 2)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing; exit 0 at the first hit (even after an error), else 1 (or 2)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per hit on stdout, then a summary object')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Walk directories: every regular file below them, in name order. Symbolic links met on the way are not followed and, with other non-regular files (FIFOs, sockets, devices), are skipped with a note on stderr')
            [CompletionResult]::new('--overlapping', '--overlapping', [CompletionResultType]::ParameterName, 'Report every offset where a pattern matches, also inside an earlier hit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;diff' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region compared in both files; negative counts back from the end of B. Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region compared in both files; negative counts back from the end of B. Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region compared (same forms as --offset) [default: to the end of B]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region compared (same forms as --offset) [default: to the end of B]')
            [CompletionResult]::new('--merge', '--merge', [CompletionResultType]::ParameterName, 'Join two changes separated by fewer than N equal bytes into one run (the equal bytes become part of both sides); 0 or 1 join only touching changes; at most 65536')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Print a summary (runs, bytes changed, first and last difference) instead of the differences')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing: the exit code says whether the files differ (stops at the first difference)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing: the exit code says whether the files differ (stops at the first difference)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per run, then a summary object')
            [CompletionResult]::new('--no-hash', '--no-hash', [CompletionResultType]::ParameterName, 'Leave out the `# sha256` line (JSON: null), and the hashing of both files that is most of the time a diff takes (SHA-256 runs at about 1 GB/s a core); the script then checks only the old bytes of each edit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;help' {
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Print a region of a file: hexyl''s layout, xxd''s, plain hex (xxd -p), raw bytes or a C array')
            [CompletionResult]::new('patch', 'patch', [CompletionResultType]::ParameterValue, 'Write bytes in place at an offset: hex, text or a file''s bytes, optionally checked first')
            [CompletionResult]::new('fill', 'fill', [CompletionResultType]::ParameterValue, 'Fill a region with one byte, a repeated pattern or seeded random bytes')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold')
            [CompletionResult]::new('residency', 'residency', [CompletionResultType]::ParameterValue, 'Report which pages of files are in the page cache; load or evict them')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure memory-mapped read/write throughput on a file or anonymous memory, beside pread/pwrite')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Find bytes: hex with wildcards, text or a byte regex; print the offset of every hit')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two files (or the same region of each) and print the differences as an edit script that `patch --script` applies; cmp''s exit codes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mmapctl;help;dump' {
            break
        }
        'mmapctl;help;patch' {
            break
        }
        'mmapctl;help;fill' {
            break
        }
        'mmapctl;help;lock' {
            break
        }
        'mmapctl;help;residency' {
            break
        }
        'mmapctl;help;bench' {
            break
        }
        'mmapctl;help;find' {
            break
        }
        'mmapctl;help;diff' {
            break
        }
        'mmapctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
