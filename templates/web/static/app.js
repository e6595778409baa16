/* planner serve: the page's one script, served by planner and run by nonce. */
(function () {
  "use strict";
}());
