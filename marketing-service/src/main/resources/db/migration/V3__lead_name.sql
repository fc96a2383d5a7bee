-- The person's name, when a conversion (or a referral) gives it. Personal data, like the email.
ALTER TABLE lead ADD COLUMN name TEXT;
