-- Marks that the first start's setup ran (one row); its primary key makes two nodes starting at once do it once.
CREATE TABLE baton_setup (
    id              INTEGER PRIMARY KEY,
    demo_inbox_id   BIGINT,
    done_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
