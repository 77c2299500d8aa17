// Placeholder entry point until the silo host lands (issue 3).
return 0;
