"""Activities: meetings, Tuesday calls, campaign events, AdHoc groups, attendance, the
calendar and its iCal feed, and the quarterly chapter leaders' meeting. The lowest slice."""
