-- A PostgreSQL table for `scimstream --to csv` with the default columns, in their order.
-- Load:  scimstream export.json --to csv | psql -c "\copy scim_users FROM STDIN WITH (FORMAT csv, HEADER true)"
-- Empty, unquoted fields load as NULL; "" loads as an empty string.
CREATE TABLE scim_users (
    "id"             text PRIMARY KEY,
    "userName"       text NOT NULL,
    "displayName"    text,
    "active"         boolean,
    "title"          text,
    "externalId"     text,
    "primaryEmail"   text,
    "workEmail"      text,
    "workPhone"      text,
    "work2Phone"     text,
    "mobilePhone"    text,
    "homePhone"      text,
    "photo"          text,
    "groups"         text,   -- group names joined with |
    "roles"          text,   -- role names joined with |
    "employeeNumber" text,
    "department"     text,
    "division"       text,
    "managerId"      text,
    "created"        timestamptz,
    "lastModified"   timestamptz
);
