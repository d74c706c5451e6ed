using Samverkan.Sekretess.Cli;

return CliApp.Run(args, Console.Out, Console.Error);
