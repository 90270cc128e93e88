-- History in: a CRM's pipeline recorded as dated history (nl.hengel.imports, through
-- nl.hengel.lifecycle.LeadHistories), with accounts by their CRM key and deal values.

-- A company known by its key in another system (a CRM's account name or id), for companies a CRM
-- knows without a web domain, as person_key does for people.
create table company_key (
  workspace_id bigint not null references workspace (id),
  source       varchar(100) not null,
  external_id  varchar(200) not null,
  company_id   bigint not null references company (id),
  created_at   timestamp with time zone not null,
  primary key (workspace_id, source, external_id)
);
create index company_key_company on company_key (company_id);

-- A step the source implied but did not date (a CRM's "Won" implies that sales accepted and
-- qualified the lead): recorded at the time of the next step the source does date, and marked, so
-- reports leave it out of durations and say so. Olist's implied steps said so in their comment.
alter table lead_transition add column implied boolean default false not null;
update lead_transition set implied = true where comment like 'implied:%';

-- When the lead entered new, where its source dates that (a CRM's created date); null for leads
-- that first moved live, and for imported leads whose source gives no date at all.
alter table lead add column new_since timestamp with time zone;

-- The deal's value (an opportunity's amount, won or open), in minor units of its ISO 4217 currency.
alter table lead add column deal_amount_minor bigint;
alter table lead add column deal_currency char(3);

-- funnel_lead: the stages whose first entry was implied, as ',sal,sql,' (null when none); and a
-- lead whose source gives no date at all has no creation moment (null), so it falls in no cohort
-- range and reports count it apart instead of placing it at the import's time.
alter table funnel_lead add column implied varchar(100);
alter table funnel_lead alter column created_at drop not null;

-- The implied first entries of the leads there are (Olist's sal and sql), stage by stage.
update funnel_lead set implied = coalesce(implied, ',') || 'nurture,'
 where nurture_at is not null and exists (
   select 1 from lead_transition x
    where x.person_id = funnel_lead.person_id and x.to_stage = 'nurture' and x.implied
      and x.at = funnel_lead.nurture_at);
update funnel_lead set implied = coalesce(implied, ',') || 'mql,'
 where mql_at is not null and exists (
   select 1 from lead_transition x
    where x.person_id = funnel_lead.person_id and x.to_stage = 'mql' and x.implied
      and x.at = funnel_lead.mql_at);
update funnel_lead set implied = coalesce(implied, ',') || 'sal,'
 where sal_at is not null and exists (
   select 1 from lead_transition x
    where x.person_id = funnel_lead.person_id and x.to_stage = 'sal' and x.implied
      and x.at = funnel_lead.sal_at);
update funnel_lead set implied = coalesce(implied, ',') || 'sql,'
 where sql_at is not null and exists (
   select 1 from lead_transition x
    where x.person_id = funnel_lead.person_id and x.to_stage = 'sql' and x.implied
      and x.at = funnel_lead.sql_at);
update funnel_lead set implied = coalesce(implied, ',') || 'won,'
 where won_at is not null and exists (
   select 1 from lead_transition x
    where x.person_id = funnel_lead.person_id and x.to_stage = 'won' and x.implied
      and x.at = funnel_lead.won_at);
update funnel_lead set implied = coalesce(implied, ',') || 'lost,'
 where lost_at is not null and exists (
   select 1 from lead_transition x
    where x.person_id = funnel_lead.person_id and x.to_stage = 'lost' and x.implied
      and x.at = funnel_lead.lost_at);
update funnel_lead set implied = coalesce(implied, ',') || 'disqualified,'
 where disqualified_at is not null and exists (
   select 1 from lead_transition x
    where x.person_id = funnel_lead.person_id and x.to_stage = 'disqualified' and x.implied
      and x.at = funnel_lead.disqualified_at);
update funnel_lead set implied = coalesce(implied, ',') || 'suppressed,'
 where suppressed_at is not null and exists (
   select 1 from lead_transition x
    where x.person_id = funnel_lead.person_id and x.to_stage = 'suppressed' and x.implied
      and x.at = funnel_lead.suppressed_at);
