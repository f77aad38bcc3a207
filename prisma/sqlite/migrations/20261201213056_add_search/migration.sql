-- CreateTable
CREATE TABLE "SearchIssue" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "SearchState" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);


-- masthead:raw-sql begin
-- Full-text search (lib/search): SQL Prisma's schema cannot express, so it is written here by hand.
-- tests/integration/db-migrations.test.ts applies these blocks to the database it builds from the
-- schema too, so both must still agree. FTS5 tables with the key as an UNINDEXED column (a rowid
-- would change under VACUUM or a redefined table), kept by triggers: whatever writes a comment
-- (the form, moderation, an import) keeps the index right. Only published comments are indexed.
CREATE VIRTUAL TABLE "search_issue_fts" USING fts5("slug" UNINDEXED, "title", "summary", "body", tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE "search_comment_fts" USING fts5("comment_id" UNINDEXED, "body", tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER "SearchIssue_search_insert" AFTER INSERT ON "SearchIssue" BEGIN
  INSERT INTO "search_issue_fts" ("slug", "title", "summary", "body") VALUES (NEW."slug", NEW."title", NEW."summary", NEW."body");
END;
CREATE TRIGGER "SearchIssue_search_update" AFTER UPDATE ON "SearchIssue" BEGIN
  DELETE FROM "search_issue_fts" WHERE "slug" = OLD."slug";
  INSERT INTO "search_issue_fts" ("slug", "title", "summary", "body") VALUES (NEW."slug", NEW."title", NEW."summary", NEW."body");
END;
CREATE TRIGGER "SearchIssue_search_delete" AFTER DELETE ON "SearchIssue" BEGIN
  DELETE FROM "search_issue_fts" WHERE "slug" = OLD."slug";
END;

CREATE TRIGGER "Comment_search_insert" AFTER INSERT ON "Comment" WHEN NEW."status" = 'published' BEGIN
  INSERT INTO "search_comment_fts" ("comment_id", "body") VALUES (NEW."id", NEW."body");
END;
CREATE TRIGGER "Comment_search_update" AFTER UPDATE OF "body", "status" ON "Comment" BEGIN
  DELETE FROM "search_comment_fts" WHERE "comment_id" = OLD."id";
  INSERT INTO "search_comment_fts" ("comment_id", "body") SELECT NEW."id", NEW."body" WHERE NEW."status" = 'published';
END;
CREATE TRIGGER "Comment_search_delete" AFTER DELETE ON "Comment" BEGIN
  DELETE FROM "search_comment_fts" WHERE "comment_id" = OLD."id";
END;

INSERT INTO "search_comment_fts" ("comment_id", "body") SELECT "id", "body" FROM "Comment" WHERE "status" = 'published';
-- masthead:raw-sql end
