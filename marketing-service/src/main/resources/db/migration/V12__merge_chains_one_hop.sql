-- Issue 21: a merged-away lead points at the lead that holds the person, one hop away, even after a chain of merges
-- (A into B, then B into C). Merges now keep it so; this brings leads merged before up to date.
WITH RECURSIVE chain (lead_id, survivor, depth) AS (
    SELECT lead_id, merged_into, 1 FROM lead WHERE merged_into IS NOT NULL
    UNION ALL
    SELECT c.lead_id, l.merged_into, c.depth + 1 FROM chain c JOIN lead l ON l.lead_id = c.survivor
    WHERE l.merged_into IS NOT NULL AND c.depth < 100
)
UPDATE lead SET merged_into = last.survivor
FROM (SELECT DISTINCT ON (lead_id) lead_id, survivor FROM chain ORDER BY lead_id, depth DESC) last
WHERE lead.lead_id = last.lead_id AND lead.merged_into <> last.survivor;
