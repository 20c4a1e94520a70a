using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Leerplatform.Core.Content.Markdown;

namespace Leerplatform.Core.Content.Packages;

/// <summary>One file of a module folder: its path inside the folder (forward slashes) and its bytes.</summary>
public sealed record ModuleFile(string Path, byte[] Content)
{
    public bool IsMarkdown => Path.EndsWith(".md", StringComparison.Ordinal);

    public string Text => Encoding.UTF8.GetString(Content);

    public static ModuleFile FromText(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));
}

/// <summary>Why a package or a file was refused; the message is Dutch and names the file.</summary>
public sealed class ModulePackageException(string message) : Exception(message);

/// <summary>
/// The rules for a module's files when they travel outside a content folder: written in the browser, imported
/// or exported as a zip, materialised for the loader. A zip holds exactly what a module folder under
/// <c>content/modules/</c> holds, so trainers can move work between the platform and git.
/// </summary>
public static partial class ModulePackage
{
    /// <summary>A zip larger than this is refused before it is opened (zip bombs, accidental video files).</summary>
    public const long MaxPackageBytes = 20 * 1024 * 1024;

    public const int MaxFiles = 200;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}(/[a-z0-9][a-z0-9._-]{0,99}){0,2}$")]
    private static partial Regex SafePath();

    /// <summary>Null when the path is an acceptable file of a module folder; else the reason.</summary>
    public static string? CheckPath(string path)
    {
        if (!SafePath().IsMatch(path) || path.Contains("..", StringComparison.Ordinal))
        {
            return $"'{path}': gebruik alleen kleine letters, cijfers, '-', '_' en '.', en hoogstens twee submappen";
        }

        var extension = System.IO.Path.GetExtension(path);
        if (extension != ".md" && !LinkResolver.ImageExtensions.Contains(extension) && !LinkResolver.DownloadExtensions.Contains(extension))
        {
            return $"'{path}': dit soort bestand hoort niet in een module (toegestaan: .md, afbeeldingen en pdf)";
        }

        return null;
    }

    /// <summary>Checks one file; throws with a reason naming it.</summary>
    public static void Check(ModuleFile file)
    {
        if (CheckPath(file.Path) is { } reason)
        {
            throw new ModulePackageException(reason);
        }

        if (file.Content.Length > ContentFileReader.MaxFileBytes)
        {
            throw new ModulePackageException($"'{file.Path}' is te groot ({file.Content.Length / 1024.0 / 1024.0:0.0} MB); het maximum is 1 MB");
        }
    }

    /// <summary>Writes the files as a zip whose single top folder is <paramref name="folderName"/>.</summary>
    public static byte[] ToZip(string folderName, IEnumerable<ModuleFile> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                // A fixed date keeps the zip of unchanged files byte-identical, so its hash means "same content".
                var entry = zip.CreateEntry($"{folderName}/{file.Path}", CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(file.Content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a module zip: either the module's files at the top, or inside one top folder. Every entry is
    /// checked (path, type, size) before anything is returned; a bad entry refuses the whole package.
    /// </summary>
    public static IReadOnlyList<ModuleFile> FromZip(Stream stream)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new ModulePackageException("dit bestand is geen geldig zip-bestand");
        }

        using (zip)
        {
            var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (entries.Count == 0)
            {
                throw new ModulePackageException("het zip-bestand is leeg");
            }

            if (entries.Count > MaxFiles)
            {
                throw new ModulePackageException($"het zip-bestand bevat {entries.Count} bestanden; het maximum is {MaxFiles}");
            }

            var names = entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            var prefix = CommonTopFolder(names);
            var files = new List<ModuleFile>();
            foreach (var (entry, name) in entries.Zip(names))
            {
                var path = name[prefix.Length..];
                if (entry.Length > ContentFileReader.MaxFileBytes)
                {
                    throw new ModulePackageException($"'{path}' is te groot ({entry.Length / 1024.0 / 1024.0:0.0} MB); het maximum is 1 MB");
                }

                if (CheckPath(path) is { } reason)
                {
                    throw new ModulePackageException(reason);
                }

                using var content = entry.Open();
                using var copy = new MemoryStream();
                // Read at most one byte past the limit: a lying header cannot make us inflate a bomb.
                var limit = new byte[ContentFileReader.MaxFileBytes + 1];
                int total = 0, read;
                while (total < limit.Length && (read = content.Read(limit, total, limit.Length - total)) > 0)
                {
                    total += read;
                }

                if (total > ContentFileReader.MaxFileBytes)
                {
                    throw new ModulePackageException($"'{path}' is te groot; het maximum is 1 MB");
                }

                files.Add(new ModuleFile(path, limit[..total]));
            }

            if (!files.Any(f => f.Path == ContentLoader.ModuleFile))
            {
                throw new ModulePackageException($"het zip-bestand bevat geen {ContentLoader.ModuleFile}: zet de bestanden van één modulemap in de zip");
            }

            return files;
        }
    }

    /// <summary>Writes the files as <c>{root}/modules/{folderName}/…</c> so <see cref="ContentLoader"/> can load them.</summary>
    public static string Materialise(string root, string folderName, IEnumerable<ModuleFile> files)
    {
        var folder = System.IO.Path.Combine(root, ContentLoader.ModulesFolder, folderName);
        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            Check(file);
            var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, file.Path));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, file.Content);
        }

        return folder;
    }

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>"modules/x/" when every entry sits in the same top folder "x/" that is not itself a file path.</summary>
    private static string CommonTopFolder(IReadOnlyList<string> names)
    {
        var first = names[0].Split('/');
        if (first.Length < 2)
        {
            return string.Empty;
        }

        var top = first[0] + "/";
        return names.All(n => n.StartsWith(top, StringComparison.Ordinal)) && !names.Any(n => n == ContentLoader.ModuleFile) ? top : string.Empty;
    }
}
