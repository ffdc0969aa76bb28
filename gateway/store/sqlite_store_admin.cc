// SqliteStore: what the operators' page reads: the audit log with filters, per-plugin
// check statistics from check_results, and extension rows counted by kind.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "gateway/store/sqlite_store_internal.h"
#include "gateway/base/util.h"

namespace postern {

Status SqliteStore::ListAudit(const AuditFilter& f, const Page& page, std::vector<json>* out,
                              std::string* next_cursor) {
  // Keyset cursor: the id of the last entry returned; the next page holds older ids.
  int64_t before = INT64_MAX;
  if (!page.cursor.empty() && !ParseIdCursor(page.cursor, &before))
    return Status::InvalidCursor("cursor is not valid");
  WITH_DB(c);
  // An empty filter field matches every row, so one statement serves every combination.
  Stmt q(c.db(), "SELECT id, actor, action, target, detail, created_at FROM audit_log "
                 "WHERE id < ?1 AND (?2 = '' OR actor = ?2) "
                 "AND (?3 = '' OR substr(action, 1, length(?3)) = ?3) "
                 "AND (?4 = '' OR target = ?4) AND created_at >= ?5 "
                 "ORDER BY id DESC LIMIT ?6");
  q.Bind(1, before).Bind(2, f.actor).Bind(3, f.action_prefix).Bind(4, f.target).Bind(5, f.since)
      .Bind(6, page.limit + 1);
  return ReadPage(q, page.limit, out, next_cursor, [](auto& row, std::string* cursor) {
    *cursor = std::to_string(row.Int64(0));
    return AuditEntry(row);
  });
}

Status SqliteStore::CheckStats(int latency_window, std::vector<PluginCheckStats>* out) {
  WITH_DB(c);
  std::map<std::string, PluginCheckStats> by_plugin;
  {
    Stmt q(c.db(), "SELECT plugin, mode, verdict, COUNT(*), "
                   "SUM(CASE WHEN json_extract(evidence, '$.failed') = 1 THEN 1 ELSE 0 END) "
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
    // rowid grows with every insert: walking it backwards meets the newest checks first
    // and stops after `latency_window` of this plugin's, however long the table is.
    Stmt q(c.db(), "SELECT ms FROM check_results WHERE plugin = ? ORDER BY rowid DESC LIMIT ?");
    q.Bind(1, plugin).Bind(2, latency_window);
    std::vector<double> values;
    while (q.Step()) values.push_back(q.Double(0));
    RETURN_IF_ERROR(q.status());
    SetLatency(std::move(values), &p);
  }
  for (auto& [plugin, stats] : by_plugin) out->push_back(std::move(stats));
  return Status::OK();
}

Status SqliteStore::CountRecordsByKind(const std::string& extension,
                                       std::vector<std::pair<std::string, int64_t>>* out) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT kind, COUNT(*) FROM extension_records WHERE extension = ? GROUP BY kind ORDER BY kind");
  q.Bind(1, extension);
  while (q.Step()) out->emplace_back(q.Text(0), q.Int64(1));
  return q.status();
}

Status SqliteStore::ReadCounters(std::map<std::string, int64_t>* out) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT name, value FROM change_counters");
  while (q.Step()) (*out)[q.Text(0)] = q.Int64(1);
  return q.status();
}

uint64_t SqliteStore::LocalWriteGeneration() const { return write_generation_.load(); }

Status SqliteStore::BumpCounter(const std::string& name) {
  WITH_DB(c);
  Stmt q(c.db(), "INSERT INTO change_counters(name, value) VALUES(?, 1) "
                 "ON CONFLICT(name) DO UPDATE SET value = value + 1");
  q.Bind(1, name);
  q.Step();
  return q.status();
}

}  // namespace postern
