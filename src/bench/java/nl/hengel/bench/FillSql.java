package nl.hengel.bench;

import java.util.List;

/**
 * The benchmark's data in SQL, seeded by hashing ids (the same rows on every run): people created
 * over 2025 and 2026, a fifth nurtured, a third qualified and then accepted, converted, won, lost
 * or dropped at known rates, with lead rows, stage history and SLA clocks as Hengel writes them,
 * and interactions of every department with the sentiments Hengel's defaults give their types.
 */
final class FillSql {

  private FillSql() {}

  /** Workspace, sales reps and teams, people, leads, transitions and SLA clocks. */
  static List<String> people(int people) {
    return List.of(
        """
        create or replace function pg_temp.r(id bigint, salt int) returns double precision language sql immutable as
        $$ select ((hashint8(id * 1000003 + salt) & 2147483647)::double precision / 2147483648.0) $$
        """,
        """
        insert into workspace (id, slug, name, created_at) values (1, 'bench', 'Bench', '2024-01-01Z')
        """,
        """
        insert into app_user (id, email, display_name, created_at)
          select g, 'rep' || g || '@bench.example', 'Rep ' || g, '2024-01-01Z' from generate_series(1, 24) g
        """,
        """
        insert into membership (workspace_id, user_id, roles, created_at)
          select 1, g, 'SALES', '2024-01-01Z' from generate_series(1, 24) g
        """,
        """
        insert into team (id, workspace_id, name, created_at)
          values (1, 1, 'north', '2024-01-01Z'), (2, 1, 'south', '2024-01-01Z'), (3, 1, 'east', '2024-01-01Z')
        """,
        """
        insert into team_member (team_id, user_id) select (g - 1) % 3 + 1, g from generate_series(1, 24) g
        """,
        """
        create unlogged table bench_plan as
        select id, c,
               (array['web','linkedin','events','partner','ads'])[1 + floor(pg_temp.r(id, 10) * 5)::int] as src,
               'campaign-' || floor(pg_temp.r(id, 11) * 40)::int as campaign,
               1 + floor(pg_temp.r(id, 12) * 24)::int as owner,
               u, v, w, x,
               case when u < 0.20 then c + pg_temp.r(id, 20) * interval '30 days' end as nurture_at,
               m as mql_at,
               case when m is not null and v >= 0.15 and v < 0.30 then m + (1 + pg_temp.r(id, 21) * 4) * interval '1 day' end as rejected_at,
               case when m is not null and v >= 0.30 and v < 0.35 then m + (1 + pg_temp.r(id, 22) * 4) * interval '1 day' end as mql_dq_at,
               s as sal_at,
               case when s is not null and w >= 0.15 and w < 0.25 then s + (1 + pg_temp.r(id, 23) * 9) * interval '1 day' end as sal_dq_at,
               q as sql_at,
               case when q is not null and x < 0.35 then q + (5 + pg_temp.r(id, 24) * 85) * interval '1 day' end as won_at,
               case when q is not null and x >= 0.35 and x < 0.75 then q + (5 + pg_temp.r(id, 25) * 85) * interval '1 day' end as lost_at,
               case when s is not null then s + pg_temp.r(id, 26) * interval '40 hours' end as contact_at
          from (
            select id, c, u, v, w, x, m, s,
                   case when s is not null and w >= 0.25 then s + (1 + pg_temp.r(id, 27) * 19) * interval '1 day' end as q
              from (
                select id, c, u, v, w, x, m,
                       case when m is not null and v >= 0.35 then m + (0.5 + pg_temp.r(id, 28) * 15.5) * interval '1 hour' end as s
                  from (
                    select id, c, u, v, w, x,
                           case when u >= 0.20 and u < 0.55 then c + (1 + pg_temp.r(id, 29) * 59) * interval '1 day' end as m
                      from (
                        select g as id,
                               timestamptz '2025-01-01Z' + pg_temp.r(g, 1) * interval '730 days' as c,
                               pg_temp.r(g, 2) as u, pg_temp.r(g, 3) as v, pg_temp.r(g, 4) as w, pg_temp.r(g, 5) as x
                          from generate_series(1, %d) g) a) b) d) e
        """
            .formatted(people),
        """
        insert into person (id, workspace_id, email, created_at, updated_at)
          select id, 1, 'p' || id || '@bench.example', c, c from bench_plan
        """,
        """
        -- stage history
        insert into lead_transition (workspace_id, person_id, from_stage, to_stage, actor, reason_code, at)
          select 1, id, 'new', 'nurture', 'system', null, nurture_at from bench_plan where nurture_at is not null
          union all select 1, id, 'new', 'mql', 'system', 'gate-met', mql_at from bench_plan where mql_at is not null
          union all select 1, id, 'mql', 'nurture', 'user:rep', 'duplicate', rejected_at from bench_plan where rejected_at is not null
          union all select 1, id, 'mql', 'disqualified', 'user:rep', 'spam', mql_dq_at from bench_plan where mql_dq_at is not null
          union all select 1, id, 'mql', 'sal', 'user:rep', null, sal_at from bench_plan where sal_at is not null
          union all select 1, id, 'sal', 'disqualified', 'user:rep', 'bad-fit', sal_dq_at from bench_plan where sal_dq_at is not null
          union all select 1, id, 'sal', 'sql', 'user:rep', null, sql_at from bench_plan where sql_at is not null
          union all select 1, id, 'sql', 'won', 'user:rep', null, won_at from bench_plan where won_at is not null
          union all select 1, id, 'sql', 'lost', 'user:rep', 'no-budget', lost_at from bench_plan where lost_at is not null
        """,
        """
        insert into lead (person_id, workspace_id, stage, stage_since, mql_at, mql_count, owner_user_id, team_id,
                          assigned_at, accepted_at, first_contact_at, source, campaign, created_at, updated_at)
          select id, 1, stage, since, mql_at, case when mql_at is null then 0 else 1 end,
                 case when with_sales then owner end, case when with_sales then (owner - 1) % 3 + 1 end,
                 case when with_sales then mql_at end, case when with_sales then sal_at end,
                 case when with_sales then contact_at end,
                 case when mql_at is not null then src end, case when mql_at is not null then campaign end,
                 coalesce(nurture_at, mql_at), since
            from (select p.*,
                         case when won_at is not null then 'won' when lost_at is not null then 'lost'
                              when sal_dq_at is not null or mql_dq_at is not null then 'disqualified'
                              when sql_at is not null then 'sql' when sal_at is not null then 'sal'
                              when rejected_at is not null then 'nurture' when mql_at is not null then 'mql'
                              else 'nurture' end as stage,
                         coalesce(won_at, lost_at, sal_dq_at, mql_dq_at, sql_at, sal_at, rejected_at, mql_at, nurture_at) as since,
                         rejected_at is null as with_sales
                    from bench_plan p where nurture_at is not null or mql_at is not null) l
        """,
        """
        -- SLA clocks: accept (8h) per MQL, first contact (24h) per acceptance
        insert into sla_clock (workspace_id, person_id, mql_count, kind, owner_user_id, team_id, started_at, due_at, met_at, stopped_at, breached_at)
          select 1, id, 1, 'accept', owner, (owner - 1) % 3 + 1, mql_at, mql_at + interval '8 hours',
                 case when sal_at <= mql_at + interval '8 hours' then sal_at end,
                 case when sal_at is null and coalesce(rejected_at, mql_dq_at) <= mql_at + interval '8 hours' then coalesce(rejected_at, mql_dq_at) end,
                 case when (sal_at is null or sal_at > mql_at + interval '8 hours')
                           and not coalesce(coalesce(rejected_at, mql_dq_at) <= mql_at + interval '8 hours', false)
                      then mql_at + interval '8 hours' end
            from bench_plan where mql_at is not null
          union all
          select 1, id, 1, 'first_contact', owner, (owner - 1) % 3 + 1, sal_at, sal_at + interval '24 hours',
                 case when contact_at <= sal_at + interval '24 hours' then contact_at end, null,
                 case when contact_at > sal_at + interval '24 hours' then sal_at + interval '24 hours' end
            from bench_plan where sal_at is not null
        """);
  }

  /** {@code perPerson} interactions per person over the 200 days after its creation. */
  static List<String> interactions(int perPerson) {
    return List.of(
        """
        insert into interaction (id, workspace_id, person_id, source, external_id, occurred_at,
                                 received_at, department, channel, type, campaign, content,
                                 sentiment)
        select x, 1, id, 'bench', x::text, at, at, dept,
               case dept when 'MARKETING' then 'email' when 'SALES' then 'phone' else 'support' end,
               type, case when dept = 'MARKETING' then campaign end, null,
               case when type in ('content_download', 'email_click', 'meeting', 'webinar_attended')
                         then 'POSITIVE'
                    when type in ('email_unsubscribed', 'complaint') then 'NEGATIVE'
                    when type = 'chat' then (array['POSITIVE', 'NEUTRAL', 'NEGATIVE'])
                                            [1 + floor(pg_temp.r(x, 43) * 3)::int]
                    else 'NEUTRAL' end
          from (select x, id, campaign, at, dept,
                       case dept
                         when 'MARKETING' then (array['content_download', 'page_view', 'page_view',
                                                      'email_click', 'webinar_attended',
                                                      'email_unsubscribed'])
                                               [1 + floor(pg_temp.r(x, 42) * 6)::int]
                         when 'SALES' then (array['call', 'meeting', 'email'])
                                           [1 + floor(pg_temp.r(x, 42) * 3)::int]
                         else (array['ticket', 'chat', 'complaint'])
                              [1 + floor(pg_temp.r(x, 42) * 3)::int] end as type
                  from (select (p.id - 1) * %d + k as x, p.id, p.campaign,
                               p.c + pg_temp.r((p.id - 1) * %d + k, 40) * interval '200 days' as at,
                               case when pg_temp.r((p.id - 1) * %d + k, 41) < 0.6 then 'MARKETING'
                                    when pg_temp.r((p.id - 1) * %d + k, 41) < 0.85 then 'SALES'
                                    else 'SERVICE' end as dept
                          from bench_plan p cross join generate_series(1, %d) k) a) b
        """
            .formatted(perPerson, perPerson, perPerson, perPerson, perPerson),
        "drop table bench_plan");
  }
}
