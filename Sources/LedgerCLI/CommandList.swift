/// Every subcommand, in the order `ipledger --help` lists them.
/// A new command is one file in `Commands/` and one line here.
let allCommands: [Command.Type] = [
    InitCommand.self,
    RecordCommand.self,
    VerifyCommand.self,
    LogCommand.self,
    StatusCommand.self,
    WorkloadCommand.self,
    TransfersCommand.self,
    TrailCommand.self,
    AlertsCommand.self,
    MediationsCommand.self,
    StatsCommand.self,
    RebuildCommand.self,
    CheckpointCommand.self,
    ProveCommand.self,
    CheckProofCommand.self,
    ExportCaseCommand.self,
    CheckBundleCommand.self,
    CanonicalCommand.self,
    DemoCommand.self,
    DigestCommand.self,
]
