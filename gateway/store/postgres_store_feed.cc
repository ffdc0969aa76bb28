// PostgresStore: showcase feed and the delivery outbox. Deliveries are claimed with
// FOR UPDATE SKIP LOCKED and a lease: instances claiming at once each take different
// rows without waiting for one another, and a crashed owner's lease simply expires.
#include "gateway/base/util.h"
#include "gateway/store/postgres_store_internal.h"

namespace postern {

namespace {

// Runs `q` (which changes one post by id) and then the audit entry, or kNotFound.
Status ChangePostAudited(PgConnection* c, PgQuery& q, const std::string& post_id, const std::string& actor,
                         const std::string& action, const json& detail) {
  RETURN_IF_ERROR(q.Run());
  if (q.Affected() == 0) return Status::NotFound("no post with id " + post_id);
  return PgAuditIn(c, actor, action, post_id, detail);
}

}  // namespace

Status PostgresStore::ListFeed(const Page& page, bool include_hidden, std::vector<FeedPost>* out,
                               std::string* next_cursor) {
  // Keyset cursor "featured.position.seq": stable while posts are added.
  int64_t f = 2, pos = INT64_MIN, seq = INT64_MAX;
  if (!page.cursor.empty()) {
    if (sscanf(page.cursor.c_str(), "%ld.%ld.%ld", &f, &pos, &seq) != 3)
      return Status::InvalidCursor("cursor is not valid");
  }
  WITH_PG(c);
  PgQuery q(c, std::string("SELECT ") + kFeedCols + " FROM feed_posts WHERE " + (include_hidden ? "TRUE" : "hidden=0") +
                   " AND (featured < $1 OR (featured = $1 AND (position > $2 OR (position = $2 AND seq < $3))))"
                   " ORDER BY featured DESC, position ASC, seq DESC LIMIT $4");
  q.Bind(f).Bind(pos).Bind(seq).Bind(page.limit + 1);
  return ReadPage(q, page.limit, out, next_cursor, [](auto& row, std::string* cursor) {
    FeedPost p = ReadFeedRow(row);
    *cursor = std::to_string(p.featured ? 1 : 0) + "." + std::to_string(p.position) + "." +
              std::to_string(row.Int64(10));
    return p;
  });
}

Status PostgresStore::GetFeedPost(const std::string& post_id, FeedPost* out) {
  WITH_PG(c);
  PgQuery q(c, std::string("SELECT ") + kFeedCols + " FROM feed_posts WHERE id=$1");
  q.Bind(post_id);
  if (!q.Step()) return q.ok() ? Status::NotFound("no post with id " + post_id) : q.status();
  *out = ReadFeedRow(q);
  return Status::OK();
}

Status PostgresStore::GetFeedPostByShare(const std::string& share_id, FeedPost* out) {
  WITH_PG(c);
  PgQuery q(c, std::string("SELECT ") + kFeedCols + " FROM feed_posts WHERE share_id=$1");
  q.Bind(share_id);
  if (!q.Step()) return q.ok() ? Status::NotFound("share " + share_id + " is not on the feed") : q.status();
  *out = ReadFeedRow(q);
  return Status::OK();
}

Status PostgresStore::UpsertFeedPost(const std::string& share_id, FeedPost* out) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  {
    // feed_posts.share_id is unique: two instances delivering one share make one post.
    PgQuery q(c, "INSERT INTO feed_posts(id, share_id, user_id, caption, image_sha256, content_type, created_at) "
                 "SELECT $1, id, user_id, caption, image_sha256, content_type, $2 FROM shares "
                 "WHERE id=$3 AND decision='approved' ON CONFLICT DO NOTHING");
    RETURN_IF_ERROR(q.Bind(NewId("post_")).Bind(NowSeconds()).Bind(share_id).Run());
  }
  PgQuery q(c, std::string("SELECT ") + kFeedCols + " FROM feed_posts WHERE share_id=$1");
  q.Bind(share_id);
  if (!q.Step()) return q.ok() ? Status::NotApproved("share " + share_id + " is not approved") : q.status();
  *out = ReadFeedRow(q);
  return txn.Commit();
}

Status PostgresStore::UpdateFeedPost(const std::string& post_id, FeedAction action, const std::string& actor) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  {
    PgQuery exists(c, "SELECT 1 FROM feed_posts WHERE id=$1 FOR UPDATE");
    exists.Bind(post_id);
    if (!exists.Step()) return exists.ok() ? Status::NotFound("no post with id " + post_id) : exists.status();
  }
  std::string sql;
  if (action == FeedAction::kFeature)
    sql = "UPDATE feed_posts SET featured=1, position=(SELECT COALESCE(MAX(position), 0) + 1 FROM feed_posts "
          "WHERE featured=1) WHERE id=$1 AND featured=0";
  else if (action == FeedAction::kUnfeature) sql = "UPDATE feed_posts SET featured=0, position=0 WHERE id=$1";
  else if (action == FeedAction::kHide) sql = "UPDATE feed_posts SET hidden=1 WHERE id=$1";
  else sql = "UPDATE feed_posts SET hidden=0 WHERE id=$1";
  {
    PgQuery q(c, sql);
    RETURN_IF_ERROR(q.Bind(post_id).Run());
  }
  RETURN_IF_ERROR(PgAuditIn(c, actor, std::string("feed.") + EnumName(action), post_id, json::object()));
  return txn.Commit();
}

Status PostgresStore::SetFeedCaption(const std::string& post_id, const std::string& caption, const std::string& actor) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  PgQuery q(c, "UPDATE feed_posts SET caption=$1 WHERE id=$2");
  q.Bind(caption).Bind(post_id);
  RETURN_IF_ERROR(ChangePostAudited(c, q, post_id, actor, "feed.caption", {{"caption", caption}}));
  return txn.Commit();
}

Status PostgresStore::SetFeedPosition(const std::string& post_id, int64_t position, const std::string& actor) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  PgQuery q(c, "UPDATE feed_posts SET position=$1 WHERE id=$2");
  q.Bind(position).Bind(post_id);
  RETURN_IF_ERROR(ChangePostAudited(c, q, post_id, actor, "feed.position", {{"position", position}}));
  return txn.Commit();
}

Status PostgresStore::ClaimDeliveries(const std::string& owner, int limit, int lease_s, const std::string& share_id,
                                      std::vector<DeliveryRecord>* out) {
  WITH_PG(c);
  const int64_t now = NowSeconds();
  // One statement is one transaction: the inner SELECT locks the due rows it picks and
  // skips rows another instance is claiming this instant; the UPDATE leases them.
  PgQuery q(c, "UPDATE deliveries SET lease_owner=$1, lease_until=$2, attempts=attempts+1, updated_at=$3 "
               "WHERE id IN (SELECT id FROM deliveries WHERE status='pending' AND next_attempt_at<=$3 "
               "AND lease_until<$3 AND ($5::text = '' OR share_id=$5::text) ORDER BY next_attempt_at LIMIT $4 "
               "FOR UPDATE SKIP LOCKED) "
               "RETURNING id, share_id, destination, status, attempts, created_at");
  q.Bind(owner).Bind(now + lease_s).Bind(now).Bind(limit).Bind(share_id);
  while (q.Step()) out->push_back(ReadClaimedDeliveryRow(q));
  return q.status();
}

Status PostgresStore::FinishDelivery(const std::string& id, const std::string& owner, DeliveryState state,
                                     const std::string& remote_id, const std::string& url, const std::string& error,
                                     int64_t next_attempt_at) {
  WITH_PG(c);
  PgQuery q(c, "UPDATE deliveries SET status=$1, remote_id=$2, url=$3, last_error=$4, next_attempt_at=$5, "
               "lease_owner='', lease_until=0, updated_at=$6 WHERE id=$7 AND lease_owner=$8");
  q.Bind(EnumName(state)).Bind(remote_id).Bind(url).Bind(error).Bind(next_attempt_at).Bind(NowSeconds()).Bind(id)
      .Bind(owner);
  RETURN_IF_ERROR(q.Run());
  if (q.Affected() == 0) return Status::LeaseLost("delivery " + id + " is no longer leased by " + owner);
  return Status::OK();
}

Status PostgresStore::ReleaseDelivery(const std::string& id, const std::string& owner) {
  WITH_PG(c);
  PgQuery q(c, "UPDATE deliveries SET lease_owner='', lease_until=0, attempts=GREATEST(attempts-1, 0) "
               "WHERE id=$1 AND lease_owner=$2");
  return q.Bind(id).Bind(owner).Run();
}

Status PostgresStore::ReclaimLeases(const std::string& owner, int* reclaimed) {
  WITH_PG(c);
  const int64_t now = NowSeconds();
  PgQuery q(c, "UPDATE deliveries SET lease_owner='', lease_until=0, next_attempt_at=$1, updated_at=$2 "
               "WHERE lease_owner=$3 AND status='pending'");
  RETURN_IF_ERROR(q.Bind(now).Bind(now).Bind(owner).Run());
  *reclaimed = static_cast<int>(q.Affected());
  return Status::OK();
}

Status PostgresStore::ListDeliveries(DeliveryState state, int limit, std::vector<DeliveryRecord>* out) {
  WITH_PG(c);
  PgQuery q(c, std::string("SELECT ") + kDeliveryCols +
                   " FROM deliveries WHERE status=$1 ORDER BY updated_at DESC, id COLLATE \"C\" LIMIT $2");
  q.Bind(EnumName(state)).Bind(limit);
  while (q.Step()) out->push_back(ReadDeliveryRow(q));
  return q.status();
}

Status PostgresStore::ListShareDeliveries(const std::string& share_id, std::vector<DeliveryRecord>* out) {
  WITH_PG(c);
  return PgLoadDeliveries(c, share_id, out);
}

Status PostgresStore::RetryDelivery(const std::string& id, const std::string& actor) {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  const int64_t now = NowSeconds();
  PgQuery q(c, "UPDATE deliveries SET status='pending', attempts=0, next_attempt_at=$1, created_at=$1, "
               "lease_owner='', lease_until=0, updated_at=$1 WHERE id=$2 AND status='dead'");
  RETURN_IF_ERROR(q.Bind(now).Bind(id).Run());
  if (q.Affected() == 0) {
    PgQuery e(c, "SELECT status FROM deliveries WHERE id=$1");
    e.Bind(id);
    if (!e.Step()) return e.ok() ? Status::NotFound("no delivery with id " + id) : e.status();
    return Status::NotDead("delivery " + id + " is " + e.Text(0) + ", not dead");
  }
  RETURN_IF_ERROR(PgAuditIn(c, actor, "delivery.retry", id, json::object()));
  return txn.Commit();
}

Status PostgresStore::ExpediteDestination(const std::string& destination, int* moved) {
  WITH_PG(c);
  const int64_t now = NowSeconds();
  PgQuery q(c, "UPDATE deliveries SET next_attempt_at=$1 WHERE destination=$2 AND status='pending' AND next_attempt_at>$1");
  RETURN_IF_ERROR(q.Bind(now).Bind(destination).Run());
  *moved = static_cast<int>(q.Affected());
  return Status::OK();
}

Status PostgresStore::CountDeliveriesByDestination(DeliveryState state, std::map<std::string, int64_t>* out) {
  WITH_PG(c);
  PgQuery q(c, "SELECT destination, COUNT(*) FROM deliveries WHERE status=$1 GROUP BY destination");
  q.Bind(EnumName(state));
  while (q.Step()) (*out)[q.Text(0)] = q.Int64(1);
  return q.status();
}

Status PostgresStore::GetConnectorState(const std::string& connector, const std::string& key, std::string* value) {
  WITH_PG(c);
  PgQuery q(c, "SELECT value FROM connector_state WHERE connector=$1 AND key=$2");
  q.Bind(connector).Bind(key);
  if (!q.Step()) return q.ok() ? Status::NotFound("no state") : q.status();
  *value = q.Text(0);
  return Status::OK();
}

Status PostgresStore::PutConnectorState(const std::string& connector, const std::string& key, const std::string& value) {
  WITH_PG(c);
  PgQuery q(c, "INSERT INTO connector_state(connector, key, value, updated_at) VALUES($1,$2,$3,$4) "
               "ON CONFLICT(connector, key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at");
  return q.Bind(connector).Bind(key).Bind(value).Bind(NowSeconds()).Run();
}

Status PostgresStore::DeleteConnectorState(const std::string& connector, const std::string& key) {
  WITH_PG(c);
  PgQuery q(c, "DELETE FROM connector_state WHERE connector=$1 AND key=$2");
  return q.Bind(connector).Bind(key).Run();
}

}  // namespace postern
