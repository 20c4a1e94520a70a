using System.Collections.Concurrent;
using Leerplatform.Core.Content;
using Leerplatform.Core.Content.Packages;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services.Workspace;

/// <summary>
/// Published versions, loaded once. A version never changes, so each is unpacked to the data folder once (images
/// are served from there) and kept in memory for the life of the process.
/// </summary>
public sealed class PublishedModules(DraftCompiler compiler, IOptions<LeerplatformOptions> options, IHostEnvironment environment)
{
    private readonly ConcurrentDictionary<(string, int), Lazy<LearningModule?>> _loaded = new();

    private string Root => Path.Combine(Path.GetFullPath(options.Value.DataPath, environment.ContentRootPath), "published");

    /// <summary>The version's module, with <c>+{number}</c> appended to its front-matter version so records tell versions apart.</summary>
    public LearningModule? Get(string workspaceModuleId, string moduleId, int number, Func<byte[]> package) =>
        _loaded.GetOrAdd((workspaceModuleId, number), _ => new Lazy<LearningModule?>(() => Load(workspaceModuleId, moduleId, number, package()))).Value;

    private LearningModule? Load(string workspaceModuleId, string moduleId, int number, byte[] package)
    {
        var root = Path.Combine(Root, workspaceModuleId, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!Directory.Exists(Path.Combine(root, ContentLoader.ModulesFolder)))
        {
            // Unpack next to the target and move in one step, so a crash never leaves half a version behind.
            var scratch = root + ".tmp-" + Guid.NewGuid().ToString("N");
            using (var stream = new MemoryStream(package))
            {
                ModulePackage.Materialise(scratch, moduleId, ModulePackage.FromZip(stream));
            }

            compiler.CopyFramework(scratch);
            Directory.CreateDirectory(Path.GetDirectoryName(root)!);
            try
            {
                Directory.Move(scratch, root);
            }
            catch (IOException) when (Directory.Exists(root))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        var module = ContentLoader.Load(root).Modules.SingleOrDefault();
        return module is null ? null
            : new LearningModule(module.Metadata with { Version = $"{module.Metadata.Version}+{number}" }, module.IntroHtml, module.Pages,
                module.FolderName, module.FolderPath, module.ContentHash);
    }
}
