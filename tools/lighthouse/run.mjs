// Lighthouse with its mobile defaults on every URL given, in one chromium ($CHROME_PATH, never a
// downloaded one). Usage: node run.mjs [chromium flags] -- URL...; prints one JSON line per URL.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const split = process.argv.indexOf('--');
const flags = process.argv.slice(2, split);
const urls = process.argv.slice(split + 1);
const chrome = await chromeLauncher.launch({chromePath: process.env.CHROME_PATH, chromeFlags: ['--headless=new', ...flags]});
try {
  for (const url of urls) {
    const {lhr} = await lighthouse(url, {port: chrome.port, output: 'json', logLevel: 'error'});
    const scores = Object.fromEntries(['performance', 'accessibility', 'best-practices', 'seo']
      .map((key) => [key, Math.round(lhr.categories[key].score * 100)]));
    const ms = (id) => Math.round(lhr.audits[id].numericValue);
    console.log(JSON.stringify({url, scores, fcp: ms('first-contentful-paint'), lcp: ms('largest-contentful-paint'),
                                tbt: ms('total-blocking-time'), cls: lhr.audits['cumulative-layout-shift'].numericValue}));
  }
} finally {
  await chrome.kill();
}
