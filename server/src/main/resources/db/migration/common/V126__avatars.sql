-- Avatars uploaded as images (issue 12): the 256x256 PNG made from the upload, one per user. In the database
-- rather than the uploads directory: a few tens of kilobytes per person, served by every node alike.
-- version is the image's content hash, part of its URL, so the URL of a new picture is new and caches never go stale.
CREATE TABLE avatar (
    user_id     BIGINT        NOT NULL PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    version     VARCHAR(64)   NOT NULL,
    image       BYTEA         NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
