-- A re-evaluation is done only when the leads its version qualifies are qualified. After the
-- switch it enters phase 'qualifying': the people listed here for it (the leads that met the gate
-- under the version, and those whose interactions arrived while it scored them) are scored once
-- more under the version now in force, a page at a time, and the lifecycle moves those who meet
-- the gate to mql in the same transaction that deletes their rows here. A node that resumes the
-- re-evaluation takes up the rows left.
alter table reevaluation add column phase varchar(16) default 'scoring' not null;  -- scoring, qualifying
alter table reevaluation add column qualify_total bigint;                          -- null until the switch
alter table reevaluation add column qualify_done bigint default 0 not null;

create table reevaluation_person (
  reevaluation_id bigint not null references reevaluation (id),
  person_id       bigint not null,
  primary key (reevaluation_id, person_id)
);
