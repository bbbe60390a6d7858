// Types for asset imports the classic Remix compiler turns into URLs (`import href from "x.css"`).
/// <reference path="../../node_modules/@remix-run/dev/dist/modules.d.ts" />
