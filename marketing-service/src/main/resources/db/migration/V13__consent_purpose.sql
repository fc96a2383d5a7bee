-- Issue 21: what a channel's current consent is for. A referral's is the referrer's word that the person agreed to hear
-- from the rep (SALES_CONTACT): it allows no marketing message. Earlier rows get the purpose their source implies.
ALTER TABLE consent ADD COLUMN purpose TEXT;
UPDATE consent SET purpose = CASE
        WHEN source LIKE '%conversion:REFERRAL' THEN 'SALES_CONTACT'
        WHEN source LIKE '%conversion:NEWSLETTER' THEN 'NEWSLETTER'
        WHEN channel = 'PHONE' THEN 'SALES_CONTACT'
        ELSE 'MARKETING_EMAIL' END
    WHERE purpose IS NULL;
