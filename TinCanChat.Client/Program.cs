Console.Error.WriteLine("TinCanChat.Client is not built yet; see the open issues.");
return 1;
