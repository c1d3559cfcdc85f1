-- dyadwatch store schema, version 2 (store/migrations.py upgrades older stores).
-- One row per document, event, uncoded sentence. Actor columns are flattened
-- (source_*, target_*) so dyad queries need no JSON functions.
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY,          -- hash of normalised text
    external_id VARCHAR,             -- id given by the source (JSONL id, file path)
    title VARCHAR,
    url VARCHAR,
    publisher VARCHAR,
    author VARCHAR,
    published DATE,
    language VARCHAR,
    source_path VARCHAR,
    text VARCHAR,
    n_sentences INTEGER,
    n_events INTEGER,
    ingested_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    sentence_index INTEGER,
    date DATE,
    date_precision VARCHAR,
    date_source VARCHAR,
    source_code VARCHAR,
    source_sector VARCHAR,
    source_name VARCHAR,
    source_text VARCHAR,
    source_start INTEGER,
    source_end INTEGER,
    source_person VARCHAR,
    source_role VARCHAR,
    source_kind VARCHAR,
    target_code VARCHAR,
    target_sector VARCHAR,
    target_name VARCHAR,
    target_text VARCHAR,
    target_start INTEGER,
    target_end INTEGER,
    target_person VARCHAR,
    target_role VARCHAR,
    target_kind VARCHAR,
    type VARCHAR,
    mode VARCHAR,
    context VARCHAR,
    cameo VARCHAR,
    quad_class INTEGER,
    intensity DOUBLE,
    negated BOOLEAN,
    hypothetical BOOLEAN,
    confidence DOUBLE,
    evidence_text VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER,
    trigger_text VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    reporter_code VARCHAR,
    -- version 2: the rest of the reporter actor, so events round-trip losslessly
    reporter_sector VARCHAR,
    reporter_name VARCHAR,
    reporter_text VARCHAR,
    reporter_start INTEGER,
    reporter_end INTEGER,
    reporter_person VARCHAR,
    reporter_role VARCHAR,
    reporter_kind VARCHAR,
    coder VARCHAR
);

CREATE TABLE IF NOT EXISTS uncoded (
    doc_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR,
    reason VARCHAR,
    detail VARCHAR,
    PRIMARY KEY (doc_id, sentence_index)
);

CREATE TABLE IF NOT EXISTS unknown_actors (
    doc_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    n INTEGER
);
