
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Print a region of a file: hexyl''s layout, plain hex (xxd -p), raw bytes or a C array')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold')
            [CompletionResult]::new('residency', 'residency', [CompletionResultType]::ParameterValue, 'Report which pages of files are in the page cache; load or evict them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mmapctl;dump' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--prot', '--prot', [CompletionResultType]::ParameterName, 'How to map the file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--border', '--border', [CompletionResultType]::ParameterName, 'Border style')
            [CompletionResult]::new('--panels', '--panels', [CompletionResultType]::ParameterName, 'Number of 8-byte hex panels per line, or `auto` to fill the terminal width [default: 2, fewer when the terminal (80 columns if none) is too narrow]')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Bytes per group (1, 2, 4 or 8)')
            [CompletionResult]::new('--group-size', '--group-size', [CompletionResultType]::ParameterName, 'Bytes per group (1, 2, 4 or 8)')
            [CompletionResult]::new('--endianness', '--endianness', [CompletionResultType]::ParameterName, 'Byte order within a group')
            [CompletionResult]::new('--character-table', '--character-table', [CompletionResultType]::ParameterName, 'How bytes are shown in the character panel')
            [CompletionResult]::new('--color-scheme', '--color-scheme', [CompletionResultType]::ParameterName, 'Colours of the character panel')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'Base of the byte columns: binary, octal, decimal, hexadecimal (or b, o, d, x, 2, 8, 10, 16)')
            [CompletionResult]::new('--terminal-width', '--terminal-width', [CompletionResultType]::ParameterName, 'Width to fit the panels to, instead of the terminal''s')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show every line; otherwise runs of identical lines become one `*` line')
            [CompletionResult]::new('--no-squeezing', '--no-squeezing', [CompletionResultType]::ParameterName, 'Show every line; otherwise runs of identical lines become one `*` line')
            [CompletionResult]::new('--no-characters', '--no-characters', [CompletionResultType]::ParameterName, 'Hide the character panel')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Hide the position panel')
            [CompletionResult]::new('--no-position', '--no-position', [CompletionResultType]::ParameterName, 'Hide the position panel')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;lock' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start of the region in bytes; negative counts back from the end of the file (-s -512). Accepts 4096, 0x1000, 0o10, 0b1, 4KiB, 1_000; K M G T and KiB.. are powers of 1024, KB MB GB TB powers of 1000')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of the region in bytes (same forms as --offset) [default: to the end of the file]')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Hold for this long (500ms, 30s, 5m, 2h) instead of until a signal; a signal still ends it early')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON objects on stdout: one when everything is locked, one when released')
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
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of the table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mmapctl;help' {
            [CompletionResult]::new('dump', 'dump', [CompletionResultType]::ParameterValue, 'Print a region of a file: hexyl''s layout, plain hex (xxd -p), raw bytes or a C array')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Pin regions of files in RAM (mlock) until a signal or --for ends the hold')
            [CompletionResult]::new('residency', 'residency', [CompletionResultType]::ParameterValue, 'Report which pages of files are in the page cache; load or evict them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mmapctl;help;dump' {
            break
        }
        'mmapctl;help;lock' {
            break
        }
        'mmapctl;help;residency' {
            break
        }
        'mmapctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
