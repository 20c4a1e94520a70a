using System.Globalization;
using System.Text.RegularExpressions;
using Leerplatform.Testing;

namespace Leerplatform.Tests.Theme;

/// <summary>
/// WCAG 2.1 AA for the colour pairs the components actually use (text 4.5:1, borders and focus 3:1), in every
/// theme folder under <c>themes/</c>: a new theme is checked the moment its folder exists.
/// </summary>
public sealed partial class ThemeContrastTests
{
    private static readonly (string Foreground, string Background, double Minimum)[] ColourPairs =
    [
        ("--lp-color-text", "--lp-color-bg", 4.5),
        ("--lp-color-text", "--lp-color-surface", 4.5),
        ("--lp-color-muted", "--lp-color-bg", 4.5),
        ("--lp-color-muted", "--lp-color-surface", 4.5),
        ("--lp-color-link", "--lp-color-bg", 4.5),
        ("--lp-color-link-visited", "--lp-color-bg", 4.5),
        ("--lp-color-on-primary", "--lp-color-primary", 4.5),
        ("--lp-color-on-primary", "--lp-color-primary-hover", 4.5),
        ("--lp-color-primary", "--lp-color-bg", 4.5),
        ("--lp-color-primary-hover", "--lp-color-primary-soft", 4.5),
        ("--lp-color-header-text", "--lp-color-header-bg", 4.5),
        ("--lp-color-error", "--lp-color-bg", 4.5),
        ("--lp-color-success", "--lp-color-bg", 4.5),
        ("--lp-color-text", "--lp-color-error-soft", 4.5),
        ("--lp-color-text", "--lp-color-success-soft", 4.5),
        ("--lp-color-link", "--lp-callout-source-bg", 4.5),
        ("--lp-color-text", "--lp-callout-tip-bg", 4.5),
        ("--lp-color-text", "--lp-callout-caution-bg", 4.5),
        ("--lp-color-text", "--lp-callout-source-bg", 4.5),
        ("--lp-color-text", "--lp-callout-example-bg", 4.5),
        ("--lp-color-text", "--lp-callout-reflection-bg", 4.5),
        ("--lp-color-text", "--lp-callout-info-bg", 4.5),
        ("--lp-color-text", "--lp-callout-important-bg", 4.5),
        ("--lp-color-link", "--lp-callout-reflection-bg", 4.5),
        ("--lp-color-border", "--lp-color-bg", 3.0),
        ("--lp-color-focus", "--lp-color-bg", 3.0),
        ("--lp-color-focus-halo", "--lp-color-header-bg", 3.0),
    ];

    public static IEnumerable<string> ThemeFolders() =>
        Directory.GetDirectories(TestPaths.Themes).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static TheoryData<string, string, string, double> Pairs()
    {
        var data = new TheoryData<string, string, string, double>();
        foreach (var theme in ThemeFolders())
        {
            foreach (var (foreground, background, minimum) in ColourPairs)
            {
                data.Add(theme, foreground, background, minimum);
            }
        }

        return data;
    }

    [Fact]
    public void ThereIsMoreThanOneThemeAndEachHasItsFiles()
    {
        Assert.True(ThemeFolders().Count() >= 2);
        foreach (var theme in ThemeFolders())
        {
            foreach (var file in new[] { "theme.json", "theme.css", "logo.svg" })
            {
                Assert.True(File.Exists(Path.Combine(TestPaths.Themes, theme, file)), $"{theme}/{file} is missing");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void ColourPairMeetsAa(string theme, string foreground, string background, double minimum)
    {
        var variables = LoadVariables(theme);
        Assert.True(variables.ContainsKey(foreground), $"{theme} does not declare {foreground}");
        Assert.True(variables.ContainsKey(background), $"{theme} does not declare {background}");

        var ratio = Contrast(variables[foreground], variables[background]);

        Assert.True(ratio >= minimum, $"{theme}: {foreground} on {background}: {ratio:0.00}:1, needs {minimum}:1");
    }

    [Fact]
    public void ComponentsUseOnlyThemeVariablesForColours()
    {
        var css = File.ReadAllText(Path.Combine(TestPaths.WebProject, "wwwroot", "app.css"));

        Assert.DoesNotMatch(HexColour(), css);
        Assert.DoesNotMatch(@"rgb\(", css);
    }

    private static Dictionary<string, string> LoadVariables(string theme)
    {
        var css = File.ReadAllText(Path.Combine(TestPaths.Themes, theme, "theme.css"));
        return Declaration().Matches(css).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    private static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(1 + offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(0)) + (0.7152 * Channel(2)) + (0.0722 * Channel(4));
    }

    [GeneratedRegex(@"(--lp-[a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"#[0-9a-fA-F]{3,6}\b")]
    private static partial Regex HexColour();
}
