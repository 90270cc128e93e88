-- Campaigns and what they cost: the ground that cost per lead and attribution stand on. A campaign's
-- key is the 'campaign' string its interactions carry.
create table campaign (
  workspace_id bigint not null references workspace (id),
  campaign_key varchar(200) not null,
  name         varchar(300) not null,
  channel      varchar(64) not null,
  starts_on    date,
  ends_on      date,
  updated_at   timestamp with time zone not null,
  primary key (workspace_id, campaign_key)
);

-- Spend per campaign and calendar month, in minor units of its ISO 4217 currency (cents for EUR).
create table campaign_spend (
  workspace_id bigint not null,
  campaign_key varchar(200) not null,
  spend_month  date not null,
  currency     char(3) not null,
  amount_minor bigint not null,
  primary key (workspace_id, campaign_key, spend_month, currency),
  foreign key (workspace_id, campaign_key) references campaign (workspace_id, campaign_key)
    on delete cascade
);
