-- Schema version 3: the account's password sealed for APOP (auth/secret_box.h), set only
-- while service.pop.enableapop is on when the password is set; empty: no APOP.
ALTER TABLE accounts ADD COLUMN apop_secret TEXT NOT NULL DEFAULT '';
