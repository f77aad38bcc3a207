-- CreateTable
CREATE TABLE "SearchIssue" (
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "SearchIssue_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "SearchState" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "SearchState_pkey" PRIMARY KEY ("name")
);


-- masthead:raw-sql begin
-- Full-text search (lib/search): SQL Prisma's schema cannot express, so it is written here by hand.
-- tests/integration/db-migrations.test.ts applies these blocks to the database it builds from the
-- schema too, so both must still agree. A tsvector column with a GIN index on each searched table,
-- filled by a trigger in the configuration SearchState names (lib/search sets it from SITE_LANG and
-- re-indexes when it changes; 'simple' until then). Only published comments get a document.
CREATE FUNCTION masthead_search_config() RETURNS regconfig LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT "value"::regconfig FROM "SearchState" WHERE "name" = 'config'), 'simple'::regconfig)
$$;

ALTER TABLE "SearchIssue" ADD COLUMN "document" tsvector;
CREATE INDEX "SearchIssue_document_idx" ON "SearchIssue" USING GIN ("document");
CREATE FUNCTION masthead_search_issue_document() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cfg regconfig := masthead_search_config();
BEGIN
  NEW."document" := setweight(to_tsvector(cfg, NEW."title"), 'A') || setweight(to_tsvector(cfg, NEW."summary"), 'B') || setweight(to_tsvector(cfg, NEW."body"), 'C');
  RETURN NEW;
END $$;
CREATE TRIGGER "SearchIssue_search_document" BEFORE INSERT OR UPDATE ON "SearchIssue" FOR EACH ROW EXECUTE FUNCTION masthead_search_issue_document();

ALTER TABLE "Comment" ADD COLUMN "searchDocument" tsvector;
CREATE INDEX "Comment_searchDocument_idx" ON "Comment" USING GIN ("searchDocument");
CREATE FUNCTION masthead_search_comment_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchDocument" := CASE WHEN NEW."status" = 'published' THEN to_tsvector(masthead_search_config(), NEW."body") END;
  RETURN NEW;
END $$;
CREATE TRIGGER "Comment_search_document" BEFORE INSERT OR UPDATE OF "body", "status" ON "Comment" FOR EACH ROW EXECUTE FUNCTION masthead_search_comment_document();

UPDATE "Comment" SET "body" = "body" WHERE "status" = 'published';
-- masthead:raw-sql end
