/**
 * What of the machine a run's numbers depend on beyond the code: whether the kernel pages out the
 * page cache it finds cold (DAMON's `pageout` action, on this workplace's virtual machines). With it
 * on, a scale-10 database's pages not read for a minute are dropped, and the next statement that
 * needs them reads them from disk. Each report records it (docs/performance.md, "The bulk paths at
 * 200,000 licenses"); `echo off > /sys/kernel/mm/damon/admin/kdamonds/0/state` as root pauses it,
 * `echo on` resumes it.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const KDAMONDS = '/sys/kernel/mm/damon/admin/kdamonds';

const read = (file) => {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
};

/** The running DAMON daemons that page memory out, by index (none: an empty list). */
const pageoutReclaim = () => {
  let daemons = [];
  try {
    daemons = fs.readdirSync(KDAMONDS).filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  return daemons.filter((d) => {
    if (read(path.join(KDAMONDS, d, 'state')) !== 'on') return false;
    const contexts = path.join(KDAMONDS, d, 'contexts');
    const schemes = (fs.existsSync(contexts) ? fs.readdirSync(contexts) : [])
      .filter((c) => /^\d+$/.test(c))
      .flatMap((c) => {
        const dir = path.join(contexts, c, 'schemes');
        return (fs.existsSync(dir) ? fs.readdirSync(dir) : []).filter((s) => /^\d+$/.test(s)).map((s) => path.join(dir, s));
      });
    return schemes.some((s) => read(path.join(s, 'action')) === 'pageout');
  });
};

module.exports = { pageoutReclaim };
