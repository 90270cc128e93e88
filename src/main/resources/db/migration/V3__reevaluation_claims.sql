-- A re-evaluation is claimed by whichever server node picks it up; the node beats a heartbeat after
-- every page of leads and records how far it got, so another node (or the same one restarted)
-- resumes a re-evaluation whose node died, from its last page, without a leader.
alter table reevaluation add column heartbeat_at timestamp with time zone;
alter table reevaluation add column last_person_id bigint not null default 0;
