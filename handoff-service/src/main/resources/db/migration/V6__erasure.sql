-- An erased person's lead: the registry keeps owners, stages and times (the audit), and takes no new words about it.
ALTER TABLE lead_ownership ADD COLUMN erased_at TIMESTAMPTZ;
