--# up
{{#schema}}
CREATE SCHEMA IF NOT EXISTS {{schemaName}};
{{/schema}}
CREATE TABLE IF NOT EXISTS {{table}} (
  "sid" varchar NOT NULL COLLATE "default",
  "sess" json NOT NULL,
  "expire" timestamp(6) NOT NULL,
  CONSTRAINT "session_pkey" PRIMARY KEY ("sid")
);
CREATE INDEX IF NOT EXISTS "IDX_session_expire" ON {{table}} ("expire");
--# down
DROP INDEX IF EXISTS {{index}};
DROP TABLE IF EXISTS {{table}};
