-- A school has a few dozen people: finding them by UAI and sorting them by name afterwards is
-- cheap, and a one-column index makes every insert, and the rebuild of a bulk load, cheaper.
-- The name index keeps (sort_key, id): keyset pages of a common prefix need the id in the key.
DROP INDEX staff_uai_idx;
CREATE INDEX staff_uai_idx ON staff (uai);
