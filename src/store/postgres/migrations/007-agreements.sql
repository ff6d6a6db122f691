-- Agreements, the agreements a round asks about, and how each answer rated them, as
-- SQLite's migration 7. Agreements are made in the open and hold no user id: the owner
-- is free text.

CREATE TABLE agreements (
  id text PRIMARY KEY,
  network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 280),
  owner text CHECK (owner IS NULL OR char_length(owner) <= 80),
  source_item text,
  after_round_id text REFERENCES rounds (id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
  created_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE INDEX agreements_network ON agreements (network_id, status);
CREATE INDEX agreements_after_round ON agreements (after_round_id);
-- Adopting the same suggestion twice makes one agreement.
CREATE UNIQUE INDEX agreements_one_per_suggestion ON agreements (network_id, after_round_id, source_item) WHERE source_item IS NOT NULL;

CREATE TABLE round_agreements (
  round_id text NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  agreement_id text NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
  position integer NOT NULL,
  PRIMARY KEY (round_id, agreement_id)
);
CREATE INDEX round_agreements_agreement ON round_agreements (agreement_id);

-- Agreement id → rating, as JSON; part of the anonymous answer like its ratings.
ALTER TABLE answers ADD COLUMN agreement_ratings text;
