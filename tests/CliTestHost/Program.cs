using Wickr.Cluster.Cli;
using Wickr.Cluster.CliTestHost;

var (options, wickrArguments) = HostArguments.Parse(args);
return await WickrCommand.RunAsync(wickrArguments, options);
