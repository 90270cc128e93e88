-- Indexes for the lead list (nl.hengel.lifecycle.Leads, /ui/leads): people newest first, cut by
-- keyset on the person id, optionally filtered. Measured with EXPLAIN ANALYZE on PostgreSQL 15 with
-- 1.1 million people in three workspaces (details in the commit message); only the indexes that
-- changed a plan from "walk and discard" to "read the page" are here.

-- The default order within one workspace. Without it the list walks person_pkey backwards and
-- discards other workspaces' people: a workspace whose people are older than a big neighbour's
-- took 420 ms for its first page; with it 0.4 ms, whatever the neighbours hold.
create index person_workspace_id on person (workspace_id, id);

-- The stage filter in id order. lead_stage (workspace_id, stage, stage_since) serves the inbox and
-- analytics but not this order: a stage holding 0.2 % of leads took 10 ms per page by walking
-- lead_pkey (and grows as the stage gets rarer); with this index 1-5 ms at any depth.
create index lead_stage_person on lead (workspace_id, stage, person_id);

-- The campaign filter: campaigns are many and each is rare, so walking in id order discards most
-- rows (72 ms for a campaign of 0.3 % half-way down the list, 98 ms combined with a stage); with
-- this index 2-15 ms.
create index lead_campaign_person on lead (workspace_id, campaign, person_id);

-- Not indexed, on purpose: source (a handful of values, each common: the id walk finds a page in
-- under 1 ms), owner (lead_owner and the id walk: under 1 ms with twelve owners), fit ranges
-- (lead_state_pkey probes, 3-10 ms for a 5 % range) and SLA breaches (sla_clock_once probes,
-- 3-15 ms with 0.8 % of people breached).
