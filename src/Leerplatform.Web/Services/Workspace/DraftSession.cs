using System.Text;
using System.Text.RegularExpressions;
using Leerplatform.Core.Content;
using Leerplatform.Core.Content.Packages;

namespace Leerplatform.Web.Services.Workspace;

/// <summary>
/// The editor's working copy of one draft: the files, which one is open, what changed since the last save, and the
/// loader's verdict on the current text. Lives as long as the editor's circuit; saving goes through
/// <see cref="WorkspaceService"/>.
/// </summary>
public sealed partial class DraftSession(DraftCompiler compiler, Draft draft)
{
    private readonly SortedDictionary<string, ModuleFile> _files = new(draft.Files.ToDictionary(f => f.Path), NaturalStringComparer.Instance);
    private readonly HashSet<string> _changed = [];

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    public Draft Draft { get; } = draft;

    public IReadOnlyCollection<ModuleFile> Files => _files.Values;

    public string SelectedPath { get; private set; } = ContentLoader.ModuleFile;

    public DraftResult Result { get; private set; } = compiler.Compile(draft.ModuleId, draft.Files);

    public bool HasUnsavedChanges => _changed.Count > 0;

    public ModuleFile Selected => _files[SelectedPath];

    public bool SelectedIsText => Selected.IsMarkdown;

    public string SelectedText => Selected.Text;

    /// <summary>The page the open file renders to (null for module.md and images).</summary>
    public ModulePage? SelectedPage =>
        Result.Module?.Pages.FirstOrDefault(p => p.SourcePath.EndsWith("/" + SelectedPath, StringComparison.Ordinal));

    public IEnumerable<ContentDiagnostic> DiagnosticsFor(string path) => Result.Diagnostics.Where(d => d.Path == path);

    public void Select(string path)
    {
        if (_files.ContainsKey(path))
        {
            SelectedPath = path;
        }
    }

    /// <summary>New text for the open file; the draft is checked again at once (the editor debounces typing).</summary>
    public void Update(string text)
    {
        if (!SelectedIsText || text == SelectedText)
        {
            return;
        }

        _files[SelectedPath] = ModuleFile.FromText(SelectedPath, text);
        _changed.Add(SelectedPath);
        Recompile();
    }

    /// <summary>Adds page <c>NN-slug.md</c> after the last page and opens it.</summary>
    /// <returns>Null, or why the name was refused.</returns>
    public string? AddPage(string slug, string title)
    {
        slug = slug.Trim();
        if (!Slug().IsMatch(slug))
        {
            return "gebruik kleine letters, cijfers en streepjes, bijvoorbeeld casus-mevrouw-s";
        }

        if (_files.Keys.Any(p => p.EndsWith("-" + slug + ".md", StringComparison.Ordinal)))
        {
            return $"er is al een pagina '{slug}'";
        }

        var next = _files.Keys.Select(p => Regex.Match(p, "^([0-9]{1,3})-")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max() + 1;
        var path = $"{next:00}-{slug}.md";
        _files[path] = ModuleFile.FromText(path, $"# {(string.IsNullOrWhiteSpace(title) ? slug : title.Trim())}\n\n");
        _changed.Add(path);
        SelectedPath = path;
        Recompile();
        return null;
    }

    /// <summary>Adds or replaces an image or download; refused files never enter the draft.</summary>
    public string? AddFile(string path, byte[] content)
    {
        try
        {
            var file = new ModuleFile(path, content);
            ModulePackage.Check(file);
            if (file.IsMarkdown)
            {
                return "voeg pagina's toe met 'Nieuwe pagina'";
            }

            _files[path] = file;
            _changed.Add(path);
            Recompile();
            return null;
        }
        catch (ModulePackageException exception)
        {
            return exception.Message;
        }
    }

    public void Remove(string path)
    {
        if (path != ContentLoader.ModuleFile && _files.Remove(path))
        {
            _changed.Add(path);
            if (SelectedPath == path)
            {
                SelectedPath = ContentLoader.ModuleFile;
            }

            Recompile();
        }
    }

    public void MarkSaved() => _changed.Clear();

    private void Recompile() => Result = compiler.Compile(Draft.ModuleId, _files.Values);

    /// <summary>Size of the draft's text, for the editor's status line.</summary>
    public int TextBytes => _files.Values.Where(f => f.IsMarkdown).Sum(f => f.Content.Length);

    public static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
