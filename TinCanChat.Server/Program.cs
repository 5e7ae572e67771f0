Console.Error.WriteLine("TinCanChat.Server is not built yet; see the open issues.");
return 1;
