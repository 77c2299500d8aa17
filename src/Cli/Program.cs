using Wickr.Cluster.Cli;
using Wickr.Cluster.ClientLib.Storage;

return await WickrCommand.RunAsync(args, new StoredDeviceOptions());
