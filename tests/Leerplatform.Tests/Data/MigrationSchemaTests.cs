using Leerplatform.Data;
using Leerplatform.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Tests.Data;

/// <summary>
/// Migrations are written by hand (EF's design tools do not restore here), so this proves a database built by
/// the migrations has exactly the schema the model describes: same tables, columns, types, nullability,
/// keys, foreign keys and indexes as EnsureCreated produces.
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task MigratedSchemaEqualsTheModel()
    {
        using var temp = new TempDirectory();
        var migrated = $"Data Source={temp.Combine("migrated.db")}";
        var created = $"Data Source={temp.Combine("created.db")}";

        await using (var db = NewContext(migrated))
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = NewContext(created))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribeAsync(created);
        var actual = await DescribeAsync(migrated);
        SqliteConnection.ClearAllPools();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task MigratingTwiceIsHarmless()
    {
        using var temp = new TempDirectory();
        var connection = $"Data Source={temp.Combine("twice.db")}";
        await using var db = NewContext(connection);

        await db.Database.MigrateAsync();
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        SqliteConnection.ClearAllPools();
    }

    private static LeerplatformDbContext NewContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<LeerplatformDbContext>();
        DataServiceCollectionExtensions.Configure(options, connectionString);
        return new LeerplatformDbContext(options.Options);
    }

    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        var lines = new List<string>();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock') ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            lines.Add($"table {table}");
            lines.AddRange(await RowsAsync(connection, $"PRAGMA table_info(\"{table}\")", r => $"  column {r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} pk={r.GetInt64(5)}"));
            lines.AddRange(await RowsAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")", r => $"  fk {r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on delete {r.GetString(6)}"));
            var indexes = await RowsAsync(connection, $"PRAGMA index_list(\"{table}\")", r => $"{r.GetString(1)}|{r.GetInt64(2)}");
            foreach (var index in indexes.Where(i => !i.StartsWith("sqlite_autoindex", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var name = index.Split('|')[0];
                var columns = await RowsAsync(connection, $"PRAGMA index_info(\"{name}\")", r => r.GetString(2));
                lines.Add($"  index {name} unique={index.Split('|')[1]} ({string.Join(", ", columns)})");
            }

            var autoincrement = await RowsAsync(connection, $"SELECT sql FROM sqlite_master WHERE name = '{table}'", r => r.GetString(0).Contains("AUTOINCREMENT", StringComparison.Ordinal).ToString());
            lines.Add($"  autoincrement={autoincrement.Single()}");
        }

        return lines;
    }

    private static async Task<List<string>> RowsAsync(SqliteConnection connection, string sql, Func<SqliteDataReader, string> map)
    {
        var rows = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
