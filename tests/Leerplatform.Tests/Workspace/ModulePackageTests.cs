using System.IO.Compression;
using System.Text;
using Leerplatform.Core.Content.Packages;
using Leerplatform.Web.Services.Workspace;

namespace Leerplatform.Tests.Workspace;

public sealed class ModulePackageTests
{
    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void AZipRoundTripsWithTheModuleFolderAtTheTopAndTheSameBytesGiveTheSameZip()
    {
        var files = new[] { ModuleFile.FromText("module.md", "---\nid: a\n---\n"), ModuleFile.FromText("01-een.md", "# Een\n"), new ModuleFile("afbeeldingen/x.png", [1, 2, 3]) };
        var zip = ModulePackage.ToZip("a", files);

        using var read = new ZipArchive(new MemoryStream(zip));
        Assert.Equal(["a/01-een.md", "a/afbeeldingen/x.png", "a/module.md"], read.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var back = ModulePackage.FromZip(new MemoryStream(zip));
        Assert.Equal(files.Select(f => f.Path).Order(StringComparer.Ordinal), back.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal([1, 2, 3], back.Single(f => f.Path == "afbeeldingen/x.png").Content);
        Assert.Equal(ModulePackage.Hash(zip), ModulePackage.Hash(ModulePackage.ToZip("a", files.AsEnumerable().Reverse())));
    }

    [Fact]
    public void FilesAtTheTopOfTheZipAreReadToo()
    {
        var files = ModulePackage.FromZip(new MemoryStream(Zip(("module.md", Text("---\nid: a\n---\n")), ("01-een.md", Text("# Een")))));
        Assert.Equal(["01-een.md", "module.md"], files.Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    public static TheoryData<byte[], string> BadPackages => new()
    {
        { Text("geen zip"), "geen geldig zip-bestand" },
        { Zip(), "leeg" },
        { Zip(("01-een.md", Text("# Een"))), "geen module.md" },
        { Zip(("module.md", Text("x")), ("../buiten.md", Text("x"))), "'../buiten.md'" },
        { Zip(("module.md", Text("x")), ("/etc/passwd", Text("x"))), "'/etc/passwd'" },
        { Zip(("module.md", Text("x")), ("script.exe", Text("x"))), "hoort niet in een module" },
        { Zip(("module.md", Text("x")), ("Hoofdletters.md", Text("x"))), "kleine letters" },
        { Zip(("module.md", Text("x")), ("groot.png", new byte[1024 * 1024 + 1])), "te groot" },
    };

    [Theory]
    [MemberData(nameof(BadPackages))]
    public void ABadPackageIsRefusedWithAReasonNamingTheFile(byte[] zip, string reason)
    {
        var exception = Assert.Throws<ModulePackageException>(() => ModulePackage.FromZip(new MemoryStream(zip)));
        Assert.Contains(reason, exception.Message);
    }

    [Theory]
    [InlineData("Werken met een tolk: één gesprek", "werken-met-een-tolk-een-gesprek")]
    [InlineData("  Casus  mevrouw S.  ", "casus-mevrouw-s")]
    [InlineData("Ça va?", "ca-va")]
    public void ATitleBecomesASlug(string title, string slug) => Assert.Equal(slug, Slugs.From(title));

    [Theory]
    [InlineData("---\nid: m-tolk\ntitel: x\n---\nTekst", "m-tolk")]
    [InlineData("---\r\ntitel: x\r\nid: \"m2\"\r\n---\r\n", "m2")]
    [InlineData("---\ntitel: x\n---\nid: niet-in-front-matter\n", null)]
    public void TheIdIsReadFromTheFrontMatterOnly(string markdown, string? id) => Assert.Equal(id, Template.ReadId(markdown));
}
