
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
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand dump 'Print a region of a file: hexyl''s layout, plain hex (xxd -p), raw bytes or a C array'
            cand lock 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold'
            cand residency 'Report which pages of files are in the page cache; load or evict them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mmapctl;dump'= {
            cand -s 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand --offset 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand -n 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --length 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand -f 'Output format'
            cand --format 'Output format'
            cand --prot 'How to map the file'
            cand --color 'When to use colours'
            cand --border 'Border style'
            cand --panels 'Number of 8-byte hex panels per line, or `auto` to fill the terminal width [default: 2, fewer when the terminal (80 columns if none) is too narrow]'
            cand -g 'Bytes per group (1, 2, 4 or 8)'
            cand --group-size 'Bytes per group (1, 2, 4 or 8)'
            cand --endianness 'Byte order within a group'
            cand --character-table 'How bytes are shown in the character panel'
            cand --color-scheme 'Colours of the character panel'
            cand -b 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)'
            cand --base 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)'
            cand --terminal-width 'Width to fit the panels to, instead of the terminal''s'
            cand -v 'Show every line; otherwise runs of identical lines become one `*` line'
            cand --no-squeezing 'Show every line; otherwise runs of identical lines become one `*` line'
            cand --no-characters 'Hide the character panel'
            cand -P 'Hide the position panel'
            cand --no-position 'Hide the position panel'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;lock'= {
            cand -s 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand --offset 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000'
            cand -n 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --length 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]'
            cand --for 'Hold for this long (500ms, 30s, 5m, 2h) instead of until a signal; a signal still ends it early'
            cand --json 'Print JSON objects on stdout: one when everything is locked, one when released'
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
            cand --json 'Print one JSON object on stdout instead of the table'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mmapctl;help'= {
            cand dump 'Print a region of a file: hexyl''s layout, plain hex (xxd -p), raw bytes or a C array'
            cand lock 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold'
            cand residency 'Report which pages of files are in the page cache; load or evict them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mmapctl;help;dump'= {
        }
        &'mmapctl;help;lock'= {
        }
        &'mmapctl;help;residency'= {
        }
        &'mmapctl;help;help'= {
        }
    ]
    $completions[$command]
}
