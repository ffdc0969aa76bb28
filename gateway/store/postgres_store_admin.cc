// PostgresStore: what the operators' page reads (the audit log with filters, per-plugin
// check statistics, extension rows by kind), audit writes and extension records.
#include <map>

#include "gateway/base/util.h"
#include "gateway/store/postgres_store_internal.h"

namespace postern {

Status PostgresStore::Audit(const std::string& actor, const std::string& action, const std::string& target,
                            const json& detail) {
  WITH_PG(c);
  return PgAuditIn(c, actor, action, target, detail);
}

Status PostgresStore::ListAudit(const AuditFilter& f, const Page& page, std::vector<json>* out,
                                std::string* next_cursor) {
  // Keyset cursor: the id of the last entry returned; the next page holds older ids.
  int64_t before = INT64_MAX;
  if (!page.cursor.empty() && !ParseIdCursor(page.cursor, &before))
    return Status::InvalidCursor("cursor is not valid");
  WITH_PG(c);
  // An empty filter field matches every row, so one statement serves every combination.
  PgQuery q(c, "SELECT id, actor, action, target, detail, created_at FROM audit_log "
               "WHERE id < $1 AND ($2::text = '' OR actor = $2::text) "
               "AND ($3::text = '' OR left(action, length($3::text)) = $3::text) "
               "AND ($4::text = '' OR target = $4::text) AND created_at >= $5 "
               "ORDER BY id DESC LIMIT $6");
  q.Bind(before).Bind(f.actor).Bind(f.action_prefix).Bind(f.target).Bind(f.since).Bind(page.limit + 1);
  return ReadPage(q, page.limit, out, next_cursor, [](auto& row, std::string* cursor) {
    *cursor = std::to_string(row.Int64(0));
    return AuditEntry(row);
  });
}

Status PostgresStore::CheckStats(int latency_window, std::vector<PluginCheckStats>* out) {
  WITH_PG(c);
  std::map<std::string, PluginCheckStats> by_plugin;
  {
    PgQuery q(c, "SELECT plugin, mode, verdict, COUNT(*), "
                 "SUM(CASE WHEN evidence::jsonb->'failed' = 'true'::jsonb THEN 1 ELSE 0 END) "
                 "FROM check_results GROUP BY plugin, mode, verdict");
    while (q.Step()) {
      PluginCheckStats& p = by_plugin[q.Text(0)];
      p.plugin = q.Text(0);
      p.verdicts[q.Text(1)][q.Text(2)] = q.Int64(3);
      p.failed += q.Int64(4);
    }
    RETURN_IF_ERROR(q.status());
  }
  for (auto& [plugin, p] : by_plugin) {
    // id grows with every insert: (plugin, id) walked backwards meets the newest first.
    PgQuery q(c, "SELECT ms FROM check_results WHERE plugin = $1 ORDER BY id DESC LIMIT $2");
    q.Bind(plugin).Bind(latency_window);
    std::vector<double> values;
    while (q.Step()) values.push_back(q.Double(0));
    RETURN_IF_ERROR(q.status());
    SetLatency(std::move(values), &p);
  }
  for (auto& [plugin, stats] : by_plugin) out->push_back(std::move(stats));
  return Status::OK();
}

Status PostgresStore::AppendRecords(const std::string& extension, const std::vector<ExtensionRecord>& rows,
                                    const std::string& actor, int* added) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  *added = 0;
  const int64_t now = NowSeconds();
  for (const auto& r : rows) {
    PgQuery q(c, "INSERT INTO extension_records(extension, kind, key, body, added_by, created_at) "
                 "VALUES($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING");
    RETURN_IF_ERROR(q.Bind(extension).Bind(r.kind).Bind(r.key).Bind(r.body.dump()).Bind(actor).Bind(now).Run());
    *added += static_cast<int>(q.Affected());
  }
  if (!rows.empty())
    RETURN_IF_ERROR(PgAuditIn(c, actor, extension + ".append", rows[0].kind, {{"rows", rows.size()}, {"added", *added}}));
  return txn.Commit();
}

Status PostgresStore::ListRecords(const std::string& extension, const std::string& kind, int64_t after_id, int limit,
                                  std::vector<ExtensionRecord>* out) {
  WITH_PG(c);
  PgQuery q(c, "SELECT id, kind, key, body, added_by, created_at FROM extension_records "
               "WHERE extension=$1 AND kind=$2 AND id>$3 ORDER BY id LIMIT $4");
  q.Bind(extension).Bind(kind).Bind(after_id).Bind(limit);
  while (q.Step()) {
    ExtensionRecord r{q.Int64(0), q.Text(1), q.Text(2), json::parse(q.Text(3), nullptr, false), q.Text(4), q.Int64(5)};
    if (!r.body.is_object()) r.body = json::object();
    out->push_back(std::move(r));
  }
  return q.status();
}

Status PostgresStore::CountRecordsByKind(const std::string& extension,
                                         std::vector<std::pair<std::string, int64_t>>* out) {
  WITH_PG(c);
  PgQuery q(c, "SELECT kind, COUNT(*) FROM extension_records WHERE extension = $1 GROUP BY kind ORDER BY kind COLLATE \"C\"");
  q.Bind(extension);
  while (q.Step()) out->emplace_back(q.Text(0), q.Int64(1));
  return q.status();
}

Status PostgresStore::ReadCounters(std::map<std::string, int64_t>* out) {
  WITH_PG(c);
  PgQuery q(c, "SELECT name, value FROM change_counters");
  while (q.Step()) (*out)[q.Text(0)] = q.Int64(1);
  return q.status();
}

uint64_t PostgresStore::LocalWriteGeneration() const { return write_generation_.load(); }

Status PostgresStore::BumpCounter(const std::string& name) {
  WITH_PG(c);
  // A plain INSERT, not SELECT bump_change_counter(): a SELECT does not count as a write
  // for LocalWriteGeneration.
  PgQuery q(c, "INSERT INTO change_counters(name, value) VALUES($1, 1) "
               "ON CONFLICT(name) DO UPDATE SET value = change_counters.value + 1");
  return q.Bind(name).Run();
}

}  // namespace postern
