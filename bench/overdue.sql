-- Every statement `guantask overdue` runs after opening the database, in its order: the plan
-- (default: the newest), the light thresholds, the task view of guantask/store/tasks.py `_VIEW`
-- filtered as guantask/reports.py `gather_overdue` asks (the named condition `red` of
-- guantask/store/tasks.py CONDITIONS), the plan's leaders and units, and its removed tasks. Bound values
-- substituted: the plan id by the same query guantask uses to find it; today 2024-09-30 (the
-- benchmark's GUANTASK_TODAY); default thresholds warn-days 14 (→ 2024-10-14), stale-days 30
-- (→ 2024-08-31), behind-points 25. Checked against a trace of the real statements
-- (sqlite3 set_trace_callback). Run by bench/run.py as a floor: sqlite3 DB < bench/overdue.sql
SELECT p.id, p.doc_number, p.issuer, p.title, p.issued, p.year,
       (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id) AS tasks
FROM plans p ORDER BY p.issued DESC, p.id DESC LIMIT 1;
SELECT key, value FROM settings WHERE key IN ('warn-days', 'stale-days', 'behind-points');
WITH pt AS (
  SELECT t.id AS pk, t.plan_id, pl.doc_number AS plan, t.no, t.section, t.subsection, t.text,
         t.due, t.removed, pl.issued
  FROM tasks t JOIN plans pl ON pl.id = t.plan_id
  WHERE t.plan_id = (SELECT id FROM plans ORDER BY issued DESC, id DESC LIMIT 1)
), base AS (
  SELECT pt.*,
         (SELECT p.id FROM progress p WHERE p.task_id = pt.pk AND p.date <= '2024-09-30'
           ORDER BY p.date DESC, p.id DESC LIMIT 1) AS pid,
         (SELECT a.assignee FROM assignments a WHERE a.task_id = pt.pk
           ORDER BY a.id DESC LIMIT 1) AS assignee
  FROM pt
), st AS (
  SELECT b.*, coalesce(p.percent, 0) AS percent, p.date AS last_update,
         CASE WHEN p.status IS NULL THEN 'not-started'
              WHEN p.status IN ('signed-off', 'done', 'blocked', 'at-risk') THEN p.status
              ELSE 'in-progress' END AS status,
         coalesce(p.date, b.issued) AS last_activity
  FROM base b LEFT JOIN progress p ON p.id = b.pid
), v AS (
  SELECT st.*,
    CASE
      WHEN status IN ('done', 'signed-off') THEN 'done'
      WHEN due < '2024-09-30' OR status = 'blocked' THEN 'red'
      WHEN due <= '2024-10-14' OR status = 'at-risk' OR last_activity < '2024-08-31'
        OR (julianday(due) > julianday(issued) AND
            min(100.0, max(0.0, (julianday('2024-09-30') - julianday(issued)) * 100.0
                                / (julianday(due) - julianday(issued)))) - percent >= 25)
      THEN 'yellow'
      ELSE 'green'
    END AS light
  FROM st
)
SELECT v.pk, v.plan, v.no, v.section, v.subsection, v.text, v.due, v.status, v.percent, v.light,
       v.assignee, v.last_update, v.removed, v.issued, v.last_activity
FROM v
WHERE v.light = 'red'
ORDER BY v.no;
SELECT tl.task_id, l.name FROM tasks t JOIN task_leaders tl ON tl.task_id = t.id
JOIN leaders l ON l.id = tl.leader_id
WHERE t.plan_id = (SELECT id FROM plans ORDER BY issued DESC, id DESC LIMIT 1)
ORDER BY tl.task_id, tl.position;
SELECT tu.task_id, tu.role, u.name FROM tasks t JOIN task_units tu ON tu.task_id = t.id
JOIN units u ON u.id = tu.unit_id
WHERE t.plan_id = (SELECT id FROM plans ORDER BY issued DESC, id DESC LIMIT 1)
ORDER BY tu.task_id, tu.position;
SELECT no FROM tasks
WHERE plan_id = (SELECT id FROM plans ORDER BY issued DESC, id DESC LIMIT 1) AND removed = 1;
