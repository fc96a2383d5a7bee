-- Issue 21, consent that can be proven: what each decision was for, the text (version) shown, on whose behalf it was
-- recorded, and the person's client address and user agent when given (personal data: kept here, never on a topic).
ALTER TABLE consent_event ADD COLUMN purpose TEXT;
ALTER TABLE consent_event ADD COLUMN text_version TEXT;
ALTER TABLE consent_event ADD COLUMN on_behalf_of TEXT;
ALTER TABLE consent_event ADD COLUMN client_ip TEXT;
ALTER TABLE consent_event ADD COLUMN user_agent TEXT;
-- A confirmation grants for the purpose and text the request named.
ALTER TABLE consent_confirmation ADD COLUMN purpose TEXT;
ALTER TABLE consent_confirmation ADD COLUMN text_version TEXT;
