namespace Leerplatform.Web.Services;

/// <summary>
/// The <c>recompute</c> command: the full path of the proficiency rule over the configured database, reporting
/// how many summaries changed (0 means the incremental path had produced exactly the same state).
/// </summary>
public static class RecomputeCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        await using var app = LeerplatformApp.Build(args);
        await Leerplatform.Data.DataServiceCollectionExtensions.MigrateAsync(
            app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Leerplatform.Data.LeerplatformDbContext>>());
        var result = await app.Services.GetRequiredService<CompetenceService>().RecomputeAllAsync();
        output.WriteLine($"{result.Learners} leerlingen, {result.Summaries} competentieoverzichten uit {result.Evidence} bewijsstukken herberekend " +
                         $"in {result.Elapsed.TotalSeconds:0.00} s; {result.Changed} gewijzigd.");
        return 0;
    }
}
