using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Wickr.Cluster.Gateway.Connections;

/// <summary>Puts <see cref="RequestBodyDeadline"/> first in the pipeline of whichever host serves the gateway.</summary>
internal sealed class RequestBodyDeadlineStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestBodyDeadline>();
        next(app);
    };
}
