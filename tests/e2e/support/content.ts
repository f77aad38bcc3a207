// What the e2e server serves (playwright.config.ts): the fixture newsletter and the previews' issues.
export { fixtureIssue, publishedIssues } from '../../support/fixture-site';
