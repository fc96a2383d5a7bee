-- An erased person's lead: sales keeps ids, stages, amounts and times (the figures), and takes no new words about it.
ALTER TABLE lead_view ADD COLUMN erased_at TIMESTAMPTZ;
