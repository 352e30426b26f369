import Foundation
import LedgerCLI

signal(SIGPIPE, SIG_IGN)
exit(IPLedgerCLI.main(Array(CommandLine.arguments.dropFirst())))
