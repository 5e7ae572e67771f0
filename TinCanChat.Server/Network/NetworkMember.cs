namespace TinCanChat.Server.Network;

/// <summary>A member of this server as Redis should have it (see <see cref="NetworkScripts.Sync"/>).</summary>
/// <param name="Nick">The case-folded nickname, or empty.</param>
internal sealed record NetworkMember(string Token, string RoomKey, string RoomDisplay, string Name, string Nick);
