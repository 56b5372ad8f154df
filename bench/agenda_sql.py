"""Today's answer in one hand-written SQL query, written apart from the app's placements.

Shared by `bench.bench_today` (which checks it gives `agenda_for`'s keys in its order) and the
reference server `bench.refserver` (which imports no Django). Parameters are in the pyformat
style (%(name)s) that Django's cursors and psycopg take; `{collate}` is ' COLLATE "C"' on
PostgreSQL (keys compare by code point, as Python compares them) and '' on SQLite.
"""

# What Today asks for: its first PAGE_LIMIT items and one more (to know whether there are
# more), with what each row shows from the database — its key and place, its contact (code and
# name) and its main text — written independently of the app's placements: every kind, placed
# as agenda_for places them (tier, then time, then key), snoozes left out, cut in SQL. The
# bad news of an order is grouped here with window functions (the app uses NOT EXISTS).
SQL = """
WITH items AS (
  SELECT 'promise:' || c.code AS akey,
         CASE WHEN c.side = 'theirs' THEN 3
              WHEN c.due_at <= %(now)s THEN 0
              WHEN c.due_at <= %(due_now)s THEN 1 ELSE 4 END AS urgency,
         c.due_at AS at, c.contact_id AS contact_id, c.what AS what
  FROM commitments_commitment c
  WHERE c.owner_id = %(member)s AND c.attention_at < %(until)s
    AND NOT (c.side = 'theirs' AND c.due_at > %(now)s)
  UNION ALL
  SELECT CASE WHEN EXISTS (
              SELECT 1 FROM contacts_interaction i
              WHERE i.contact_id = ct.id AND i.reply_owed AND i.replied_at IS NULL
                AND i.kind = 'call' AND i.call_outcome = 'voicemail')
              THEN 'callback:' ELSE 'reply:' END || ct.code,
         2, ct.owed_reply_since, ct.id, ''
  FROM contacts_contact ct
  WHERE ct.owner_id = %(member)s AND ct.owed_reply_since IS NOT NULL
    AND ct.owed_reply_since <= %(until)s AND ct.archived_at IS NULL
  UNION ALL
  SELECT 'noshow:' || i.code, 2, i.occurred_at, i.contact_id, i.subject
  FROM contacts_interaction i JOIN contacts_contact ct ON ct.id = i.contact_id
  WHERE i.member_id = %(member)s AND i.kind = 'meeting' AND i.meeting_outcome = 'no_show'
    AND i.occurred_at >= %(lookback)s AND i.occurred_at <= %(now)s AND ct.archived_at IS NULL
    AND NOT EXISTS (
      SELECT 1 FROM contacts_interaction j
      WHERE j.contact_id = i.contact_id AND j.occurred_at > i.occurred_at
        AND j.kind IN ('meeting', 'call') AND j.direction <> 'internal')
  UNION ALL
  SELECT 'badnews:' || code, CASE WHEN tell_by_all <= %(now)s THEN 0 ELSE 1 END, tell_by_all,
         contact_id, what
  FROM (
    SELECT p.code, o.contact_id, o.number AS what,
           ROW_NUMBER() OVER (PARTITION BY p.order_id ORDER BY p.attention_at, p.id) AS nth,
           MIN(p.tell_by) OVER (PARTITION BY p.order_id) AS tell_by_all
    FROM orders_problem p JOIN orders_order o ON o.id = p.order_id
    WHERE p.owner_id = %(member)s AND p.attention_at <= %(until)s AND p.state = 'to_tell'
  ) AS per_order
  WHERE nth = 1
  UNION ALL
  SELECT 'choice:' || p.code, 2, COALESCE(p.chosen_at, p.detected_at), o.contact_id, o.number
  FROM orders_problem p JOIN orders_order o ON o.id = p.order_id
  WHERE p.owner_id = %(member)s AND p.attention_at <= %(until)s AND p.state = 'chosen'
  UNION ALL
  SELECT 'invoice:' || v.code, CASE WHEN v.chase_at <= %(now)s THEN 3 ELSE 4 END, v.chase_at,
         o.contact_id, v.number
  FROM orders_invoice v JOIN orders_order o ON o.id = v.order_id
  WHERE v.owner_id = %(member)s AND v.chase_at <= %(until)s
  UNION ALL
  SELECT CASE WHEN pl.kind = 'stay_in_touch' THEN 'stay:' ELSE 'touch:' END || e.code, 4,
         e.next_due_at, e.contact_id, pl.name
  FROM plans_enrollment e JOIN plans_plan pl ON pl.id = e.plan_id
  JOIN contacts_contact ct ON ct.id = e.contact_id
  WHERE e.owner_id = %(member)s AND e.next_due_at <= %(until)s AND e.state = 'active'
    AND NOT ct.do_not_contact AND ct.archived_at IS NULL
  UNION ALL
  SELECT 'chaser:' || ch.code, 3, ch.next_due_at, ch.contact_id, ch.reason
  FROM plans_chaser ch JOIN contacts_contact ct ON ct.id = ch.contact_id
  WHERE ch.owner_id = %(member)s AND ch.next_due_at <= %(until)s AND ch.state = 'active'
    AND NOT ct.do_not_contact AND ct.archived_at IS NULL
    AND NOT (ch.reason = 'no_show' AND ch.tries_done = 0 AND ch.started_at > %(lookback)s)
  UNION ALL
  SELECT * FROM (
    SELECT 'next:' || what_cold || ':' || code AS akey, 4, at, contact_id, '' FROM (
      SELECT 'rest' AS what_cold, ch.code, ch.ended_at AS at, ch.contact_id
      FROM plans_chaser ch
      WHERE ch.owner_id = %(member)s AND ch.state = 'resting'
        AND ch.ended_at >= %(cold)s AND ch.ended_at <= %(now)s
      UNION ALL
      SELECT 'lost', e.code, e.started_at, e.contact_id
      FROM plans_enrollment e JOIN plans_plan pl ON pl.id = e.plan_id
      WHERE e.owner_id = %(member)s AND pl.kind = 'exit'
        AND e.started_at >= %(cold)s AND e.started_at <= %(now)s
    ) AS cold
    ORDER BY at DESC, akey LIMIT 1
  ) AS latest_cold
),
head AS (
  SELECT * FROM items
  WHERE akey NOT IN (
    SELECT key FROM agenda_snooze WHERE member_id = %(member)s AND until > %(now)s)
  ORDER BY urgency, at, akey{collate}
  LIMIT %(limit)s
)
SELECT head.akey, head.urgency, head.at, ct.code, ct.first_name, ct.last_name, ct.email,
       ct.phone,
       CASE WHEN head.akey LIKE 'reply:%%' OR head.akey LIKE 'callback:%%' THEN (
         SELECT i.subject FROM contacts_interaction i
         WHERE i.contact_id = head.contact_id AND i.reply_owed AND i.replied_at IS NULL
         ORDER BY i.occurred_at LIMIT 1)
       ELSE head.what END AS what
FROM head LEFT JOIN contacts_contact ct ON ct.id = head.contact_id
ORDER BY head.urgency, head.at, head.akey{collate}
"""
